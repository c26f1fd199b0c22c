// Evidence numbers (证据1-2) as the pack's index gives them: every screen names items this way,
// so a reference on screen is the one the recipient finds in the pack. The core computes the
// number (Item.number); only how it is worded lives here.
import type { Item } from '../bindings/Item';
import { t } from '../i18n/index.svelte';

type Numbered = Pick<Item, 'id' | 'number' | 'original_name'>;

/** "证据1-2" / "Evidence 1-2"; null for a withdrawn item, which the pack does not number. */
export function numberLabel(item: Pick<Item, 'number'>): string | null {
  return item.number ? t('items.number', { n: item.number }) : null;
}

/** How links name an item: "证据1-2 支付截图.png", the name alone once withdrawn. */
export function itemLabel(item: Numbered): string {
  const n = numberLabel(item);
  return n ? `${n} ${item.original_name}` : item.original_name;
}

/** Item id -> label, for panels that cite items by id (checklist, timeline, contacts, facts). */
export function itemLabels(items: Numbered[]): Map<number, string> {
  return new Map(items.map((it) => [it.id, itemLabel(it)]));
}
