import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import { setLocale } from './i18n/index.svelte';
import { nav } from './nav.svelte';
import { fakeBackend } from '../test/backend';
import { makeSummary } from '../test/fixtures';

beforeEach(() => nav.home());

describe('language switch', () => {
  it('switches all visible text and remembers the choice', async () => {
    setLocale('zh-CN');
    fakeBackend({ list_cases: () => [makeSummary({ item_count: 2 })] });
    render(App);
    const card = await screen.findByTestId('case-card');
    expect(screen.getByTestId('new-case').textContent?.trim()).toBe('新建案件');
    expect(card.textContent).toContain('2 件证据');
    expect(screen.getByTestId('lang-switch').textContent?.trim()).toBe('English');

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('new-case').textContent?.trim()).toBe('New case');
    expect(card.textContent).toContain('2 items');
    expect(card.textContent).toContain('Updated Nov 21, 2026');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your cases');
    expect(screen.getByTestId('lang-switch').textContent?.trim()).toBe('中文');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('proofpack.locale')).toBe('en');
  });
});

describe('CSP and injection guards', () => {
  // The app's CSP forbids inline style attributes, and user text must never be parsed as HTML.
  const sources = import.meta.glob('/src/**/*.svelte', { query: '?raw', import: 'default', eager: true });

  it('found the components', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(15);
  });

  it.each(Object.entries(sources))('%s has no inline style or {@html}', (_path, text) => {
    const markup = String(text).replace(/<script[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/\sstyle\s*=/);
    expect(markup).not.toMatch(/\sstyle:/);
    expect(markup).not.toMatch(/\{@html/);
    expect(markup).not.toMatch(/<style/);
  });

  it('index.html declares charset and language and loads no inline script', async () => {
    const html: string = (await import('/index.html?raw')).default;
    expect(html).toMatch(/<meta charset="utf-8"/i);
    expect(html).toMatch(/<html lang="/);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});
