import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri serves ui/dist from its own root and points the dev window at a fixed port.
export default defineConfig({
  // svelteTesting: under vitest, resolve Svelte's browser build (components mount, not SSR).
  plugins: [svelte(), svelteTesting({ autoCleanup: false })],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: 'dist', target: 'es2022' },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.ts'],
    // Fixed zone so date assertions do not depend on the machine.
    env: { TZ: 'UTC' },
  },
});
