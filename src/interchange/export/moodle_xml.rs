//! (in progress)

use super::Exported;
use crate::bank::Bank;

pub fn write(_bank: &Bank) -> Exported {
    Exported::default()
}
