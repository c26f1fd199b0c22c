// Stored format names as a person reads them. The names and words are the core's
// (crates/core/src/ingest/format.rs), whose tests hold the `format.*` dictionary keys to them.
import en from '../i18n/en';
import type { MessageKey } from '../i18n/index.svelte';

/** A stored format name's label key; a format a later version adds still gets a word. */
export function formatLabel(name: string): MessageKey {
  const key = `format.${name}`;
  return Object.hasOwn(en, key) ? (key as MessageKey) : 'format.other';
}
