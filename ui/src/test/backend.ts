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

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { cmd: string; args: Record<string, unknown> };

export function fakeBackend(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    list_cases: () => [],
    library_info: () => ({ path: '/home/u/.local/share/proofpack' }),
    discard_drop: () => null,
    cancel_import: () => null,
    case_facts: () => [],
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
// case_facts and recategorize_item agree with each other, as the Rust side does.

export type EvidenceState = {
  record: Case;
  items: Item[];
  /** Everything but `item` for item_details; missing ids get no derived data and no facts. */
  details?: Record<number, Omit<ItemDetails, 'item'>>;
};

export function evidenceHandlers(state: EvidenceState): Record<string, Handler> {
  const items = new Map(state.items.map((it) => [it.id, { ...it }]));
  const detailsOf = (id: number) => state.details?.[id] ?? { derived: null, facts: [], suggestion: null };
  const notFound = (id: unknown) => ({
    code: 'item_not_found',
    message: `item ${id} does not exist`,
    message_zh: `证据 ${id} 不存在`,
  });
  return {
    get_case: () => state.record,
    list_items: () => [...items.values()],
    item_details: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      return { ...detailsOf(item.id), item } satisfies ItemDetails;
    },
    case_facts: (): Fact[] =>
      [...items.values()]
        .filter((it) => it.status === 'active')
        .flatMap((it) => detailsOf(it.id).facts),
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
    recategorize_item: (args) => {
      const item = items.get(args.itemId as number);
      if (!item) throw notFound(args.itemId);
      const updated: Item = { ...item, category: args.category as Category, category_source: 'user' };
      items.set(updated.id, updated);
      return updated;
    },
  };
}
