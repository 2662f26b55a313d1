//! An edit of the model written into the file's text: the lists compared item by item (by id), and
//! only what differs rewritten in place.

use super::in_place;
use super::item::{Item, ItemKind, items_of};
use crate::bank::raw::RawBank;

/// The text of `old_raw` (which is `text`) changed into that of `new_raw`, list by list: removed
/// items deleted, changed fields rewritten, moved items moved, new items inserted where they go.
pub(super) fn write_in_place(
    text: &str,
    old_raw: &RawBank,
    new_raw: &RawBank,
) -> Result<String, String> {
    let mut text = text.to_owned();
    for kind in ItemKind::ALL {
        let old = items_of(old_raw, kind);
        let new = items_of(new_raw, kind);
        if old != new {
            write_list(&mut text, kind, &old, &new)?;
        }
    }
    Ok(text)
}

fn write_list(text: &mut String, kind: ItemKind, old: &[Item], new: &[Item]) -> Result<(), String> {
    let list = kind.list();
    let in_new = |id: &str| new.iter().any(|i| i.id() == id);
    for (index, item) in old.iter().enumerate().rev() {
        if !in_new(item.id()) {
            in_place::delete_item(text, list, index)?;
        }
    }
    let kept: Vec<&Item> = old.iter().filter(|i| in_new(i.id())).collect();
    for (index, before) in kept.iter().enumerate() {
        let after = new
            .iter()
            .find(|i| i.id() == before.id())
            .ok_or_else(|| "an item went missing".to_owned())?;
        if *before != after {
            in_place::update_fields(text, list, index, &before.fields(), &after.fields())?;
        }
    }
    let in_old = |id: &str| old.iter().any(|i| i.id() == id);
    let target: Vec<&str> = new.iter().map(Item::id).filter(|id| in_old(id)).collect();
    let order: Vec<usize> = target
        .iter()
        .filter_map(|id| kept.iter().position(|k| k.id() == *id))
        .collect();
    if order.len() != kept.len() {
        return Err(format!("two {} items share an id", kind.label()));
    }
    if order.iter().enumerate().any(|(slot, from)| slot != *from) {
        in_place::reorder_items(text, list, &order)?;
    }
    for (index, item) in new.iter().enumerate() {
        if !in_old(item.id()) {
            in_place::insert_item(text, list, index, kind.record(), &item.fields())?;
        }
    }
    Ok(())
}
