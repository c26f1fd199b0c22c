// A fake Rust side for component tests, built on Tauri's mockIPC. Each test overrides only the
// commands it cares about; every call is recorded so tests can assert what the UI sent.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { InvokeArgs } from '@tauri-apps/api/core';
import { emit } from '@tauri-apps/api/event';

export type Handler = (args: Record<string, unknown>) => unknown;
export type Call = { cmd: string; args: Record<string, unknown> };

export function fakeBackend(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    list_cases: () => [],
    library_info: () => ({ path: '/home/u/.local/share/proofpack' }),
    discard_drop: () => null,
    cancel_import: () => null,
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
  return {
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    emit: (event: string, payload: unknown) => emit(event, payload),
  };
}
