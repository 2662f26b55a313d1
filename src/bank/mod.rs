//! Question banks: the `.ron` format ([`raw`]), validation with diagnostics a teacher can act on
//! ([`validate`], [`diagnostic`]), questions generated from the article's model ([`derive`]) and the
//! validated [`Bank`] everything else uses.

pub mod cache;
pub mod derive;
pub mod diagnostic;
pub mod lazy;
pub mod model;
pub mod raw;
pub mod reader;
pub mod synthetic;
pub mod text;
pub mod validate;

pub use model::*;
