// Turns a ledger entry's payload into a one-line description. Payloads are JSON written by Rust
// (see crates/core/src/ledger/replay.rs); read defensively, since an unknown shape must not break
// the history view.
import type { JsonValue } from '../bindings/serde_json/JsonValue';
import type { LedgerEntry } from '../bindings/LedgerEntry';
import type { MessageKey } from '../i18n/index.svelte';

const KNOWN_ACTIONS = [
  'case_created',
  'case_updated',
  'evidence_added',
  'evidence_withdrawn',
  'evidence_recategorized',
  'evidence_annotated',
  'contact_logged',
  'contact_closed',
  'letter_saved',
  'exported',
  'anchored',
] as const;

type KnownAction = (typeof KNOWN_ACTIONS)[number];

/** Dictionary key for an action, or null for one this UI version does not know (shown raw). */
export function actionKey(action: string): MessageKey | null {
  return (KNOWN_ACTIONS as readonly string[]).includes(action)
    ? (`action.${action as KnownAction}` as MessageKey)
    : null;
}

function field(value: JsonValue, name: string): JsonValue | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;
}

const str = (v: JsonValue | undefined): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

/** Short, language-neutral detail: the case title, "#12 支付截图.png", "#12: reason". */
export function entryDetail(entry: LedgerEntry): string {
  const p = entry.payload;
  switch (entry.action) {
    case 'case_created':
    case 'case_updated':
      return str(field(field(p, 'case') ?? null, 'title')) ?? '';
    case 'evidence_added': {
      const item = field(p, 'item') ?? null;
      const id = str(field(item, 'id'));
      const name = str(field(item, 'original_name'));
      return [id && `#${id}`, name].filter(Boolean).join(' ');
    }
    case 'evidence_withdrawn':
    case 'evidence_annotated':
    case 'evidence_recategorized': {
      const id = str(field(p, 'item_id'));
      const text = str(field(p, 'reason') ?? field(p, 'note') ?? field(p, 'category'));
      return [id && `#${id}`, text].filter(Boolean).join(': ');
    }
    case 'contact_closed': {
      const id = str(field(p, 'contact_id'));
      return [id && `#${id}`, str(field(p, 'outcome'))].filter(Boolean).join(': ');
    }
    case 'letter_saved': {
      const letter = field(p, 'letter') ?? null;
      return [str(field(letter, 'kind')), str(field(letter, 'lang'))].filter(Boolean).join(' · ');
    }
    default:
      return '';
  }
}
