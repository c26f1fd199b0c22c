// The one place for messages that do not belong to a form: unexpected errors and short notices.
// A single stack of banners at the top, never modal dialogs.
import { toErrorPayload, type ErrorPayload } from './api';
import type { MessageKey, Params } from './i18n/index.svelte';

export type Toast =
  { id: number; kind: 'error'; error: ErrorPayload } | { id: number; kind: 'info'; key: MessageKey; params?: Params };

const MAX_TOASTS = 4;
const INFO_MS = 8000;

let toasts = $state<Toast[]>([]);
let nextId = 1;

export function currentToasts(): Toast[] {
  return toasts;
}

// Keeping the payload (not a rendered string) lets a language switch re-render old messages too.
export function showError(e: unknown): void {
  push({ id: nextId++, kind: 'error', error: toErrorPayload(e) });
}

export function showNotice(key: MessageKey, params?: Params): void {
  const id = nextId++;
  push({ id, kind: 'info', key, params });
  setTimeout(() => dismissToast(id), INFO_MS);
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((x) => x.id !== id);
}

function push(toast: Toast): void {
  toasts = [...toasts, toast].slice(-MAX_TOASTS);
}
