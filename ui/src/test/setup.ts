import { webcrypto } from 'node:crypto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';

// jsdom has no WebCrypto; Tauri's mockIPC draws callback ids from crypto.getRandomValues.
if (!globalThis.crypto?.getRandomValues) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
}
if (typeof window !== 'undefined' && !window.crypto?.getRandomValues) {
  Object.defineProperty(window, 'crypto', { value: webcrypto, configurable: true });
}

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});
