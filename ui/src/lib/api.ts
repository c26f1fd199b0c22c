// Typed wrappers around the Rust commands, one per command. Every rejection is turned into an
// ErrorPayload so screens can always show a message in the user's language.
import { Channel, convertFileSrc, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Case } from './bindings/Case';
import type { CaseFields } from './bindings/CaseFields';
import type { CasePatch } from './bindings/CasePatch';
import type { CaseSummary } from './bindings/CaseSummary';
import type { Category } from './bindings/Category';
import type { Checklist } from './bindings/Checklist';
import type { Contact } from './bindings/Contact';
import type { ContactLog } from './bindings/ContactLog';
import type { DateOrder } from './bindings/DateOrder';
import type { DatesRead } from './bindings/DatesRead';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Fact } from './bindings/Fact';
import type { ImportEvent } from './bindings/ImportEvent';
import type { ImportReport } from './bindings/ImportReport';
import type { Item } from './bindings/Item';
import type { ItemDetails } from './bindings/ItemDetails';
import type { Lang } from './bindings/Lang';
import type { LedgerEntry } from './bindings/LedgerEntry';
import type { LibraryInfo } from './bindings/LibraryInfo';
import type { Letter } from './bindings/Letter';
import type { LetterDraft } from './bindings/LetterDraft';
import type { LetterKind } from './bindings/LetterKind';
import type { NewContact } from './bindings/NewContact';
import type { Refund } from './bindings/Refund';
import type { RefundMethod } from './bindings/RefundMethod';
import type { RefundBasis } from './bindings/RefundBasis';
import type { SearchResult } from './bindings/SearchResult';
import type { TimelineEvent } from './bindings/TimelineEvent';
import type { VerifyReport } from './bindings/VerifyReport';
import type { BundleReport } from './bindings/BundleReport';
import type { ExportEvent } from './bindings/ExportEvent';
import type { OcrEvent } from './bindings/OcrEvent';
import type { OcrOutcome } from './bindings/OcrOutcome';
import type { ExportOptions } from './bindings/ExportOptions';
import type { ExportReport } from './bindings/ExportReport';

export type { ErrorPayload };

export function isErrorPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorPayload).code === 'string' &&
    typeof (e as ErrorPayload).message === 'string' &&
    typeof (e as ErrorPayload).message_zh === 'string'
  );
}

/** Normalises anything a command can reject with (our payload, a Tauri string, a JS Error). */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isErrorPayload(e)) return e;
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
  return { code: 'ipc', message: text, message_zh: text };
}

async function call<T>(cmd: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}

export type ImportChannel = Channel<ImportEvent>;
export type ExportChannel = Channel<ExportEvent>;
export type OcrChannel = Channel<OcrEvent>;

export const api = {
  listCases: () => call<CaseSummary[]>('list_cases'),
  createCase: (fields: CaseFields) => call<Case>('create_case', { fields }),
  updateCase: (id: number, patch: CasePatch) => call<Case>('update_case', { id, patch }),
  getCase: (id: number) => call<Case>('get_case', { id }),
  listItems: (caseId: number) => call<Item[]>('list_items', { caseId }),
  /** Rust opens the native picker itself; null means the user closed it without choosing. */
  importWithDialog: (caseId: number, folders: boolean, onEvent: ImportChannel) =>
    call<ImportReport | null>('import_with_dialog', { caseId, folders, onEvent }),
  /** Imports what was last dropped on the window; Rust kept the paths, the UI never sees them. */
  importDropped: (caseId: number, onEvent: ImportChannel) => call<ImportReport>('import_dropped', { caseId, onEvent }),
  discardDrop: () => call<null>('discard_drop'),
  cancelImport: () => call<null>('cancel_import'),
  /** Reads the text of the case's screenshots not read yet (in Rust, on every core). */
  readCaptures: (caseId: number, onEvent: OcrChannel) => call<OcrOutcome[]>('read_captures', { caseId, onEvent }),
  /** Stops reading between two screenshots; those read so far are kept. */
  cancelReading: () => call<null>('cancel_reading'),
  withdrawItem: (itemId: number, reason: string) => call<Item>('withdraw_item', { itemId, reason }),
  verifyCase: (caseId: number) => call<VerifyReport>('verify_case', { caseId }),
  caseLog: (caseId: number) => call<LedgerEntry[]>('case_log', { caseId }),
  itemDetails: (itemId: number) => call<ItemDetails>('item_details', { itemId }),
  /** Facts of the case's active items. */
  caseFacts: (caseId: number) => call<Fact[]>('case_facts', { caseId }),
  /** The item's current category again confirms a suggestion; every call is recorded in the ledger. */
  setNote: (itemId: number, note: string) => call<Item>('set_note', { itemId, note }),
  fixFact: (itemId: number, fact: Fact, value: string) => call<Item>('fix_fact', { itemId, fact, value }),
  searchCase: (caseId: number, query: string) => call<SearchResult>('search_case', { caseId, query }),
  recategorizeItem: (itemId: number, category: Category) => call<Item>('recategorize_item', { itemId, category }),
  /** The full list of the bill's rows that belong to the case (empty clears it); recorded in the ledger. */
  confirmBillRows: (itemId: number, rows: number[]) => call<Item>('confirm_bill_rows', { itemId, rows }),
  /** How a chat's ambiguous dates read (day/month or month/day); recorded in the ledger. */
  setDateOrder: (itemId: number, order: DateOrder) => call<DatesRead>('set_date_order', { itemId, order }),
  /** The three-category checklist: requirements, consistency warnings, cooling-off and 12315 windows. */
  checkCase: (caseId: number) => call<Checklist>('check_case', { caseId }),
  /** Exact decimal arithmetic in Rust; `price` stays text so no float touches it. */
  computeRefund: (price: string, basis: RefundBasis) => call<Refund>('compute_refund', { price, basis }),
  /** The case's events sorted by instant: key events from the evidence and every ledger action. */
  caseTimeline: (caseId: number) => call<TimelineEvent[]>('case_timeline', { caseId }),
  /** The escalation log with due dates and states as of today, plus warnings about it. */
  caseContacts: (caseId: number) => call<ContactLog>('case_contacts', { caseId }),
  /** Records one contact in the ledger; it cannot be edited afterwards. */
  logContact: (caseId: number, contact: NewContact) => call<Contact>('log_contact', { caseId, contact }),
  /** Records the outcome of an open contact, once (a ledger entry). */
  closeContact: (caseId: number, contactId: number, outcome: string, refundMethod: RefundMethod | null) =>
    call<Contact>('close_contact', { caseId, contactId, outcome, refundMethod }),
  /** A letter drafted from the case and its evidence; `missing` lists what the user must fill in. */
  /** The letter claims `basis` (what the refund calculator computed), else the full price. */
  caseLetter: (caseId: number, kind: LetterKind, lang: Lang, basis: RefundBasis | null = null) =>
    call<Letter>('case_letter', { caseId, kind, lang, basis }),
  /** Saves the user's edited letter with the case (a ledger entry); returns when it was saved. */
  saveLetter: (caseId: number, kind: LetterKind, lang: Lang, text: string) =>
    call<LetterDraft>('save_letter', { caseId, kind, lang, text }),
  /** Rust asks where to save (native dialog); null means the user closed it. */
  exportCase: (caseId: number, options: ExportOptions, onEvent: ExportChannel) =>
    call<ExportReport | null>('export_case', { caseId, options, onEvent }),
  cancelExport: () => call<null>('cancel_export'),
  /** Opens the last pack's folder in the system file manager (Rust knows which). */
  revealExport: () => call<null>('reveal_export'),
  /** Rust asks which pack to check (native dialog); null means the user closed it. */
  verifyPack: (folder: boolean) => call<BundleReport | null>('verify_pack', { folder }),
  createDemo: () => call<Case>('create_demo'),
  libraryInfo: () => call<LibraryInfo>('library_info'),
};

export type ThumbSize = 256 | 1024;

/**
 * Where the webview loads a picture from: Rust's `pp` protocol serves them by item id, never by
 * path. `original` is the stored file byte for byte (images only); a thumbnail 404s when none was
 * made. convertFileSrc picks the platform's form (pp://localhost/… or http://pp.localhost/…).
 */
export function pictureUrl(itemId: number, variant: 'original' | ThumbSize): string {
  const path = variant === 'original' ? `original/${itemId}` : `thumb/${itemId}/${variant}`;
  return convertFileSrc(path, 'pp');
}

/** Emitted by Rust when files are dropped on the window; it keeps the paths. */
export const DROPPED_EVENT = 'proofpack://dropped';
export type DroppedPayload = { count: number };
