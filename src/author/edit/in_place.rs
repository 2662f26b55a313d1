//! Changing the text of one item, or one field of it, at the place the span tree says it is. Every
//! other byte of the file — comments, blank lines, the teacher's own layout — is left as it was.

use std::ops::Range;

use crate::bank::validate::spans::{self, Node, Step};

use super::render::{Field, Value, item_text};

/// Why an edit could not be written into the file's text.
pub(crate) type InPlaceError = String;

fn tree(text: &str) -> Result<Node<'_>, InPlaceError> {
    spans::parse(text).ok_or_else(|| "the file's layout could not be followed".to_owned())
}

/// The list node `list` of the bank, if the field is there.
fn list_node<'t, 'a>(root: &'t Node<'a>, list: &'static str) -> Option<&'t Node<'a>> {
    let (node, depth) = root.find(&[Step::Field(list)]);
    (depth == 1).then_some(node)
}

fn item_node<'t, 'a>(
    root: &'t Node<'a>,
    list: &'static str,
    index: usize,
) -> Result<&'t Node<'a>, InPlaceError> {
    list_node(root, list)
        .and_then(|l| l.items().get(index))
        .ok_or_else(|| format!("item {index} of `{list}` was not found in the file"))
}

/// The whitespace before `pos` on its line when nothing else is there; `None` when `pos` follows
/// other text on its line.
fn own_line_indent(text: &str, pos: usize) -> Option<&str> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..pos];
    before
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(before)
}

/// The indentation one level deeper than the bank's own fields, guessed from the file (four spaces
/// when it cannot tell).
pub(crate) fn indent_unit(text: &str) -> String {
    if let Ok(root) = tree(text)
        && let Some((_, start, _)) = root.fields().first()
        && let Some(indent) = own_line_indent(text, *start)
        && !indent.is_empty()
    {
        return indent.to_owned();
    }
    "    ".to_owned()
}

/// After `pos`: past spaces and tabs, then past one comma if there is one. Returns the new position and
/// whether there was a comma.
fn past_comma(text: &str, pos: usize) -> (usize, bool) {
    let rest = &text[pos..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if rest[spaces..].starts_with(',') {
        (pos + spaces + 1, true)
    } else {
        (pos, false)
    }
}

/// The range to remove for a value (or field) at `start..end` of a list or record, with its comma;
/// the whole line when it sits alone on one.
fn removal_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let (after, comma) = past_comma(text, end);
    let rest = &text[after..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
    let line_ends = rest[spaces..].starts_with('\n') || spaces == rest.len();
    match own_line_indent(text, start) {
        Some(indent) if line_ends => {
            let line_start = start - indent.len();
            let end = (after + spaces + 1).min(text.len());
            line_start..end
        }
        _ if !comma => {
            // The last one on its line: take the comma before it instead, `(a: 1, b: 2)` → `(a: 1)`.
            let before = text[..start].trim_end_matches([' ', '\t']);
            match before.strip_suffix(',') {
                Some(kept) => kept.len()..after,
                None => start..after,
            }
        }
        _ => start..after + spaces,
    }
}

/// `insertion` with the file's own line ends: a file written on Windows (`\r\n`) stays that way.
fn with_line_ends(text: &str, insertion: &str) -> String {
    if text.contains("\r\n") {
        insertion.replace('\n', "\r\n")
    } else {
        insertion.to_owned()
    }
}

/// `item` (first line unindented) with every following line indented by `indent`.
fn reindent(item: &str, indent: &str) -> String {
    item.replace('\n', &format!("\n{indent}"))
}

/// Removes item `index` of `list`.
pub(crate) fn delete_item(
    text: &mut String,
    list: &'static str,
    index: usize,
) -> Result<(), InPlaceError> {
    let range = {
        let root = tree(text)?;
        let item = item_node(&root, list, index)?.full();
        removal_range(text, item.start, item.end)
    };
    text.replace_range(range, "");
    Ok(())
}

/// Puts the items of `list` in a new order: slot `k` receives the text of the item that was at
/// `order[k]`. The slots themselves (and what lies between them) stay where they are.
pub(crate) fn reorder_items(
    text: &mut String,
    list: &'static str,
    order: &[usize],
) -> Result<(), InPlaceError> {
    let (slots, texts) = {
        let root = tree(text)?;
        let items = list_node(&root, list)
            .map(Node::items)
            .ok_or_else(|| format!("`{list}` was not found in the file"))?;
        if items.len() != order.len() {
            return Err(format!("`{list}` does not have the items expected"));
        }
        let slots: Vec<Range<usize>> = items.iter().map(Node::full).collect();
        let texts: Vec<String> = slots.iter().map(|r| text[r.clone()].to_owned()).collect();
        (slots, texts)
    };
    for (slot, from) in slots.iter().zip(order).rev() {
        let moved = texts
            .get(*from)
            .ok_or_else(|| format!("`{list}` has no item {from}"))?;
        text.replace_range(slot.clone(), moved);
    }
    Ok(())
}

/// Inserts an item (`name` and its fields) into `list` so that it becomes item `index`; adds the
/// list to the bank when the file has none yet.
pub(crate) fn insert_item(
    text: &mut String,
    list: &'static str,
    index: usize,
    name: &str,
    fields: &[Field],
) -> Result<(), InPlaceError> {
    let unit = indent_unit(text);
    let item = item_text(name, fields, &unit);
    let (at, insertion) = {
        let root = tree(text)?;
        match list_node(&root, list) {
            None => {
                let list_text = format!(
                    "[\n{unit}{unit}{},\n{unit}]",
                    reindent(&item, &format!("{unit}{unit}"))
                );
                let (at, insertion) = field_insertion(text, &root, list, &list_text)?;
                (at, insertion)
            }
            Some(node) => {
                let items = node.items();
                if items.is_empty() {
                    let full = node.full();
                    let (_, field_start, _) = root
                        .fields()
                        .iter()
                        .find(|(n, _, _)| *n == list)
                        .ok_or_else(|| format!("`{list}` was not found in the file"))?;
                    let indent = own_line_indent(text, *field_start).unwrap_or("");
                    let inner = format!("{indent}{unit}");
                    let list_text = format!("[\n{inner}{},\n{indent}]", reindent(&item, &inner));
                    let list_text = with_line_ends(text, &list_text);
                    text.replace_range(full, &list_text);
                    return Ok(());
                }
                if let Some(next) = items.get(index) {
                    let start = next.full().start;
                    match own_line_indent(text, start) {
                        Some(indent) => (start, format!("{},\n{indent}", reindent(&item, indent))),
                        None => (start, format!("{}, ", item_text_inline(name, fields))),
                    }
                } else {
                    let last = items[items.len() - 1].full();
                    let (after, comma) = past_comma(text, last.end);
                    match own_line_indent(text, last.start) {
                        Some(indent) => {
                            let body = reindent(&item, indent);
                            if comma {
                                (after, format!("\n{indent}{body},"))
                            } else {
                                (last.end, format!(",\n{indent}{body},"))
                            }
                        }
                        None => {
                            let body = item_text_inline(name, fields);
                            if comma {
                                (after, format!(" {body},"))
                            } else {
                                (last.end, format!(", {body}"))
                            }
                        }
                    }
                }
            }
        }
    };
    let insertion = with_line_ends(text, &insertion);
    text.insert_str(at, &insertion);
    Ok(())
}

fn item_text_inline(name: &str, fields: &[Field]) -> String {
    let fields: Vec<(&'static str, Value)> = fields
        .iter()
        .filter_map(|(n, v)| v.clone().map(|v| (*n, v)))
        .collect();
    let name: &'static str = match name {
        "Actor" => "Actor",
        "Claim" => "Claim",
        "Implication" => "Implication",
        "Response" => "Response",
        _ => "Question",
    };
    Value::Record(name, fields).inline()
}

/// Where and what to insert to add `field: value` as the last field of `record`.
fn field_insertion(
    text: &str,
    record: &Node<'_>,
    field: &str,
    value: &str,
) -> Result<(usize, String), InPlaceError> {
    let Some((_, last_start, last_value)) = record.fields().last() else {
        let head = record.span();
        return Ok((head.end, format!("{field}: {value}")));
    };
    let (after, comma) = past_comma(text, last_value.full().end);
    let end = last_value.full().end;
    Ok(match own_line_indent(text, *last_start) {
        Some(indent) if comma => (after, format!("\n{indent}{field}: {value},")),
        Some(indent) => (end, format!(",\n{indent}{field}: {value},")),
        None if comma => (after, format!(" {field}: {value},")),
        None => (end, format!(", {field}: {value}")),
    })
}

/// Writes `fields` of item `index` of `list` where they differ from `old`: a changed value replaces
/// the old one's text, a new one is added as the item's last field, one back at its default is
/// removed. Fields that did not change are not touched, however they are written.
pub(crate) fn update_fields(
    text: &mut String,
    list: &'static str,
    index: usize,
    old: &[Field],
    new: &[Field],
) -> Result<(), InPlaceError> {
    for (name, value) in new {
        let before = old
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_ref());
        if before == value.as_ref() {
            continue;
        }
        let (range, insertion) = {
            let root = tree(text)?;
            let item = item_node(&root, list, index)?;
            let present = item.fields().iter().find(|(n, _, _)| n == name);
            match (present, value) {
                (Some((_, _, node)), Some(value)) => (node.full(), value.inline()),
                (Some((_, start, node)), None) => {
                    (removal_range(text, *start, node.full().end), String::new())
                }
                (None, Some(value)) => {
                    let (at, insertion) = field_insertion(text, item, name, &value.inline())?;
                    (at..at, insertion)
                }
                (None, None) => continue,
            }
        };
        let insertion = with_line_ends(text, &insertion);
        text.replace_range(range, &insertion);
    }
    Ok(())
}

/// The field of item `index` of `list` whose text contains byte `pos`, for showing a problem next to
/// the field it is about.
pub(crate) fn field_at(text: &str, list: &'static str, index: usize, pos: usize) -> Option<String> {
    let root = spans::parse(text)?;
    let item = item_node(&root, list, index).ok()?;
    item.fields()
        .iter()
        .find(|(_, start, node)| (*start..node.full().end).contains(&pos))
        .map(|(name, _, _)| (*name).to_owned())
}
