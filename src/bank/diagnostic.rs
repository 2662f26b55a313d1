//! Diagnostics: file, line, column, the source line with the span underlined, and a hint.
