//! Authoring: turning an article into a bank and editing a bank in place.

pub mod edit;
