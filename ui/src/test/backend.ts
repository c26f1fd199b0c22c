// A fake Rust side for component tests, built on Tauri's mockIPC. Each test overrides only the
// commands it cares about; every call is recorded so tests can assert what the UI sent.
import { mockConvertFileSrc, mockIPC } from '@tauri-apps/api/mocks';
import type { InvokeArgs } from '@tauri-apps/api/core';
import { emit } from '@tauri-apps/api/event';
import type { Case } from '../lib/bindings/Case';
import type { Category } from '../lib/bindings/Category';
import type { Fact } from '../lib/bindings/Fact';
import type { Item } from '../lib/bindings/Item';
import type { ItemDetails } from '../lib/bindings/ItemDetails';
import type { RowMatch } from '../lib/bindings/RowMatch';
import { emptyChecklist } from './fixtures';
import { readBill, readTranscript } from '../lib/viewer/derived';
import type { DateOrder } from '../lib/bindings/DateOrder';

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { cmd: string; args: Record<string, unknown> };

export function fakeBackend(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    list_cases: () => [],
    library_info: () => ({ path: '/home/u/.local/share/proofpack', read_only: false }),
    discard_drop: () => null,
    cancel_import: () => null,
    case_facts: () => [],
    // Neutral: no requirements, so tests about other panels see no readiness text beyond headings.
    check_case: () => emptyChecklist(),
    case_timeline: () => [],
    case_contacts: () => ({
      contacts: [],
      warnings: [],
      holidays_note: 'Working days skip weekends only; public holidays may add days.',
      holidays_note_zh: '工作日只跳过周末；法定节假日可能顺延。',
      today: '2026-11-23',
    }),
  };
  const all = { ...defaults, ...handlers };
  mockIPC(
    (cmd: string, payload?: InvokeArgs) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const handler = all[cmd];
      if (!handler) throw { code: 'test', message: `unmocked ${cmd}`, message_zh: `未模拟 ${cmd}` };
      return handler(args);
    },
    { shouldMockEvents: true },
  );
  // pictureUrl() goes through convertFileSrc: pp://localhost/<encoded path>, as on Linux/macOS.
  mockConvertFileSrc('linux');
  return {
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    emit: (event: string, payload: unknown) => emit(event, payload),
  };
}

// A small stateful evidence store for the viewer, grid and facts tests: list_items, item_details,
// case_facts, recategorize_item and confirm_bill_rows agree with each other, as the Rust side does.

export type EvidenceState = {
  record: Case;
  items: Item[];
  /**
   * Everything but `item` for item_details; missing ids get no derived data and no facts.
   * `bill_matches`, `ocr` and `source_time` stand for what Rust computes; they default to none.
   */
  details?: Record<
    number,
    Omit<ItemDetails, 'item' | 'bill_matches' | 'ocr' | 'source_time'> & {
      bill_matches?: RowMatch[];
      ocr?: ItemDetails['ocr'];
      source_time?: ItemDetails['source_time'];
    }
  >;
};

export function evidenceHandlers(state: EvidenceState): Record<string, Handler> {
  const items = new Map(state.items.map((it) => [it.id, { ...it }]));
  const detailsOf = (id: number): Omit<ItemDetails, 'item'> => {
    const d = state.details?.[id];
    return d
      ? { ...d, bill_matches: d.bill_matches ?? [], ocr: d.ocr ?? null, source_time: d.source_time ?? null }
      : { derived: null, facts: [], suggestion: null, bill_matches: [], ocr: null, source_time: null };
  };
  const notFound = (id: unknown) => ({
    code: 'item_not_found',
    message: `item ${id} does not exist`,
    message_zh: `证据 ${id} 不存在`,
  });
  return {
    get_case: () => state.record,
    list_items: () => [...items.values()],
    // Reading screenshots: nothing to read unless a test says otherwise.
    read_captures: () => [],
    cancel_reading: () => null,
    item_details: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      return { ...detailsOf(item.id), item } satisfies ItemDetails;
    },
    case_facts: (): Fact[] =>
      [...items.values()].filter((it) => it.status === 'active').flatMap((it) => detailsOf(it.id).facts),
    withdraw_item: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const updated: Item = {
        ...item,
        status: 'withdrawn',
        withdrawn_reason: args.reason as string,
        withdrawn_at: '2026-11-23T00:00:00.000Z',
      };
      items.set(updated.id, updated);
      return updated;
    },
    // Like Library::set_note: trimmed, an empty text clears it.
    set_note: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const note = (args.note as string).trim();
      const updated: Item = { ...item, note: note || null };
      items.set(updated.id, updated);
      return updated;
    },
    // Like Library::fix_fact: the item's fixes replace any earlier word on the same fact, and
    // its facts come back corrected (read_as keeps what was found).
    fix_fact: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const f = args.fact as Fact;
      const read = f.read_as ?? f.value;
      const same = (x: { kind: string; source: string; position: number }) =>
        x.kind === f.kind && x.source === f.source && x.position === f.position;
      const fix = { kind: f.kind, source: f.source, position: f.position, read, value: (args.value as string).trim() };
      const updated: Item = { ...item, fact_fixes: [...item.fact_fixes.filter((x) => !same(x)), fix] };
      items.set(updated.id, updated);
      const d = state.details?.[item.id];
      if (d) d.facts = d.facts.map((x) => (same(x) ? { ...x, value: fix.value, read_as: read } : x));
      return updated;
    },
    recategorize_item: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const updated: Item = { ...item, category: args.category as Category, category_source: 'user' };
      items.set(updated.id, updated);
      return updated;
    },
    // Like Library::set_date_order: only a chat whose dates read two ways takes it; the reading
    // swaps month and day of every message and becomes the user's.
    set_date_order: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const derived = detailsOf(item.id).derived;
      const chat = derived ? readTranscript(derived) : null;
      if (!chat?.dates) {
        throw {
          code: 'invalid_input',
          message: `invalid item: item ${item.id} is not a chat whose dates can be read two ways`,
          message_zh: `证据无效：证据 ${item.id} 不是日期有两种读法的聊天记录`,
        };
      }
      const order = args.order as DateOrder;
      const swap = (t: string | null) => (t ? `${t.slice(0, 5)}${t.slice(8, 10)}-${t.slice(5, 7)}${t.slice(10)}` : t);
      const messages =
        chat.dates.order === order ? chat.messages : chat.messages.map((m) => ({ ...m, time: swap(m.time) }));
      const dates = {
        order,
        basis: 'user' as const,
        notice: `Read as ${order}. You chose this reading.`,
        notice_zh: `已按${order}读取。这是您选择的读法。`,
      };
      // A fresh object, as a real answer is: the viewer sees the change.
      state.details![item.id] = {
        ...state.details![item.id],
        derived: { ...derived!, body: { ...chat, messages, dates } } as typeof derived,
      };
      const updated: Item = { ...item, date_order: order };
      items.set(updated.id, updated);
      return { item: updated, dates };
    },
    // Like Library::confirm_bill_rows: the full list replaces the old one, sorted and deduplicated;
    // only a bill's own rows are accepted.
    confirm_bill_rows: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const derived = detailsOf(item.id).derived;
      const bill = derived?.kind === 'bill' ? readBill(derived) : null;
      if (!bill) {
        throw {
          code: 'invalid_input',
          message: `invalid item: item ${item.id} is not a payment bill`,
          message_zh: `证据无效：证据 ${item.id} 不是支付账单`,
        };
      }
      const rows = [...new Set(args.rows as number[])].sort((a, b) => a - b);
      const bad = rows.find((n) => !bill.rows.some((r) => r.row === n));
      if (bad !== undefined) {
        throw {
          code: 'invalid_input',
          message: `invalid row: the bill has no row ${bad}`,
          message_zh: `账单行无效：账单中没有第 ${bad} 行`,
        };
      }
      const updated: Item = { ...item, bill_rows: rows };
      items.set(updated.id, updated);
      return updated;
    },
  };
}
