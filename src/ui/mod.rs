//! The egui desktop app: renders core state and sends intents.
