//! Evidence numbers (证据1-2): the one name every surface gives an item. The pack's index, the
//! letter, the report, the checklist, the app and the CLI's human output all cite items by it;
//! ids stay for commands and the chain.

use std::collections::HashMap;

use super::{Category, Item, ItemStatus};

pub(crate) fn category_number(c: Category) -> u8 {
    match c {
        Category::Purchase => 1,
        Category::NonDelivery => 2,
        Category::Communication => 3,
        Category::Other => 9,
    }
}

/// The evidence numbers (`1-1`, `1-2`, `3-1`...) of active items given as (id, category):
/// category by category in the pack's order, by id (import order) within each.
pub fn evidence_numbers(active: impl Iterator<Item = (i64, Category)>) -> Vec<(i64, String)> {
    let mut active: Vec<(i64, Category)> = active.collect();
    active.sort_by_key(|(id, _)| *id);
    let mut out = Vec::new();
    for c in Category::ALL {
        let of_c = active.iter().filter(|(_, cat)| *cat == c);
        for (n, (id, _)) in of_c.enumerate() {
            out.push((*id, format!("{}-{}", category_number(c), n + 1)));
        }
    }
    out
}

/// The numbers of one case state, looked up by item id.
#[derive(Debug, Clone, Default)]
pub struct Numbers(HashMap<i64, String>);

impl Numbers {
    /// Numbers the active ones of `items` (withdrawn items have none).
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Numbers {
        let active = items
            .into_iter()
            .filter(|i| i.status == ItemStatus::Active)
            .map(|i| (i.record.id, i.record.category));
        Numbers(evidence_numbers(active).into_iter().collect())
    }

    pub fn get(&self, id: i64) -> Option<&str> {
        self.0.get(&id).map(String::as_str)
    }

    /// How a message names an item: its number, or `#id` for one that has none (withdrawn).
    pub fn cite(&self, id: i64) -> String {
        self.get(id)
            .map_or_else(|| format!("#{id}"), str::to_string)
    }

    /// "evidence 1-1, 3-2" / "证据1-1、3-2": sorted as the pack lists them, each once.
    pub fn list(&self, ids: &[i64]) -> (String, String) {
        let mut cited: Vec<String> = ids.iter().map(|&id| self.cite(id)).collect();
        cited.sort_by_key(|n| sort_key(n));
        cited.dedup();
        (
            format!("evidence {}", cited.join(", ")),
            format!("证据{}", cited.join("、")),
        )
    }

    /// Fills in `number` on each of `items` from this numbering.
    pub fn apply(&self, items: &mut [Item]) {
        for i in items {
            i.number = self.get(i.record.id).map(str::to_string);
        }
    }
}

/// `1-10` after `1-9`, numbers before `#id`s.
fn sort_key(n: &str) -> (u8, u32, u32) {
    let (a, b) = n.split_once('-').unwrap_or(("", ""));
    match (a.parse(), b.parse()) {
        (Ok(a), Ok(b)) => (0, a, b),
        _ => (1, n.trim_start_matches('#').parse().unwrap_or(u32::MAX), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(list: &[(i64, Category)]) -> Numbers {
        Numbers(evidence_numbers(list.iter().copied()).into_iter().collect())
    }

    #[test]
    fn items_are_numbered_per_category_in_import_order() {
        let n = numbers(&[
            (7, Category::Communication),
            (3, Category::Purchase),
            (5, Category::Purchase),
            (9, Category::Other),
        ]);
        assert_eq!(n.get(3), Some("1-1"));
        assert_eq!(n.get(5), Some("1-2"));
        assert_eq!(n.get(7), Some("3-1"));
        assert_eq!(n.get(9), Some("9-1"));
        assert_eq!(n.cite(4), "#4");
    }

    #[test]
    fn a_list_cites_each_number_once_in_pack_order() {
        let list: Vec<(i64, Category)> = (1..=11).map(|i| (i, Category::Purchase)).collect();
        let n = numbers(&list);
        let (en, zh) = n.list(&[11, 2, 2, 99, 10]);
        assert_eq!(en, "evidence 1-2, 1-10, 1-11, #99");
        assert_eq!(zh, "证据1-2、1-10、1-11、#99");
    }
}
