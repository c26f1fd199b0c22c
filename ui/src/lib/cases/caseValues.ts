// Form values are always strings (what the inputs hold); these helpers turn them into the exact
// shapes Rust expects. Kept out of the component so they can be tested directly.
import type { Case } from '../bindings/Case';
import type { CaseFields } from '../bindings/CaseFields';
import type { CasePatch } from '../bindings/CasePatch';

export type FormValues = {
  title: string;
  platform: string;
  product: string;
  order_no: string;
  amount: string;
  currency: string;
  paid_at: string;
  payment_channel: string;
  notes: string;
};

const OPTIONAL = ['platform', 'product', 'order_no', 'amount', 'paid_at', 'payment_channel', 'notes'] as const;

export const DEFAULT_CURRENCY = 'CNY';

export function emptyValues(): FormValues {
  return {
    title: '',
    platform: '',
    product: '',
    order_no: '',
    amount: '',
    currency: DEFAULT_CURRENCY,
    paid_at: '',
    payment_channel: '',
    notes: '',
  };
}

/**
 * <input type="date"> only holds YYYY-MM-DD, so a stored "2026-11-02T14:30:00" shows its date.
 * toPatch compares against this same value, so leaving the date alone keeps the time.
 */
export function valuesFromCase(c: Case): FormValues {
  return {
    title: c.title,
    platform: c.platform ?? '',
    product: c.product ?? '',
    order_no: c.order_no ?? '',
    amount: c.amount ?? '',
    currency: c.currency,
    paid_at: (c.paid_at ?? '').slice(0, 10),
    payment_channel: c.payment_channel ?? '',
    notes: c.notes ?? '',
  };
}

const blankToNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
const currencyOf = (s: string): string => s.trim().toUpperCase() || DEFAULT_CURRENCY;

/** New case: blanks become null (absent), currency defaults to CNY. */
export function toFields(v: FormValues): CaseFields {
  return {
    title: v.title.trim(),
    platform: blankToNull(v.platform),
    order_no: blankToNull(v.order_no),
    amount: blankToNull(v.amount),
    currency: currencyOf(v.currency),
    product: blankToNull(v.product),
    paid_at: blankToNull(v.paid_at),
    payment_channel: blankToNull(v.payment_channel),
    notes: blankToNull(v.notes),
  };
}

/**
 * Edit: only fields the user changed are sent (null = leave alone), and a field they emptied is
 * sent as "" (= clear). Sending only changes keeps the ledger's case_updated entries meaningful.
 */
export function toPatch(original: Case, v: FormValues): CasePatch {
  const before = valuesFromCase(original);
  const patch: CasePatch = {
    title: null,
    platform: null,
    order_no: null,
    amount: null,
    currency: null,
    product: null,
    paid_at: null,
    payment_channel: null,
    notes: null,
  };
  if (v.title.trim() !== before.title) patch.title = v.title.trim();
  if (currencyOf(v.currency) !== before.currency) patch.currency = currencyOf(v.currency);
  for (const key of OPTIONAL) {
    const next = v[key].trim();
    if (next !== before[key].trim()) patch[key] = next;
  }
  return patch;
}

export function isEmptyPatch(p: CasePatch): boolean {
  return Object.values(p).every((x) => x === null);
}
