// Facts found in evidence: display order, labels, grouping and where each one was found.
import type { Case } from '../bindings/Case';
import type { Fact } from '../bindings/Fact';
import type { FactKind } from '../bindings/FactKind';
import type { MessageKey, Params } from '../i18n/index.svelte';
import { normalizeAmount } from '../viewer/derived';

export const FACT_KINDS: readonly FactKind[] = ['order_no', 'amount', 'ticket_no', 'refusal', 'promise', 'date'];

/** Plural, for group headings: "Order numbers". */
export const factKindLabel = (kind: FactKind): MessageKey => `fact.kind.${kind}`;
/** Singular, for one fact: "Order number". */
export const factKindOne = (kind: FactKind): MessageKey => `fact.kindOne.${kind}`;

/** "message 4", "row 12", "file name": where in the item a fact was found. */
export function factWhere(fact: Fact): [MessageKey, Params?] {
  switch (fact.source) {
    case 'transcript':
      return ['fact.where.message', { n: fact.position + 1 }];
    case 'bill':
      return ['fact.where.row', { n: fact.position }];
    case 'file_name':
      return ['fact.where.fileName'];
    case 'note':
      return ['fact.where.note'];
    case 'ocr':
      return ['fact.where.picture', { n: fact.position + 1 }];
    default:
      return ['fact.where.text'];
  }
}

/** True when a fact repeats what the user said about the case (its order number or amount). */
export function matchesCase(fact: Fact, record: Pick<Case, 'order_no' | 'amount'>): boolean {
  if (fact.kind === 'order_no') return !!record.order_no && fact.value.trim() === record.order_no.trim();
  if (fact.kind === 'amount') {
    const want = normalizeAmount(record.amount);
    return want !== null && normalizeAmount(fact.value) === want;
  }
  return false;
}

export type FactGroup = { kind: FactKind; facts: Fact[] };

/** Non-empty groups in display order; within a group, facts that match the case come first. */
export function groupFacts(facts: Fact[], record: Pick<Case, 'order_no' | 'amount'>): FactGroup[] {
  const by = new Map<FactKind, Fact[]>();
  for (const f of facts) {
    const list = by.get(f.kind) ?? [];
    list.push(f);
    by.set(f.kind, list);
  }
  return FACT_KINDS.filter((k) => by.has(k)).map((kind) => {
    const list = by.get(kind)!;
    const first = list.filter((f) => matchesCase(f, record));
    return { kind, facts: first.length ? [...first, ...list.filter((f) => !matchesCase(f, record))] : list };
  });
}
