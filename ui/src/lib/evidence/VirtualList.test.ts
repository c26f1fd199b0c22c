import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ItemsTable from './ItemsTable.svelte';
import { setLocale } from '../i18n/index.svelte';
import { makeItem } from '../../test/fixtures';

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => makeItem({ id: i + 1, original_name: `截图-${i + 1}.png` }));

const names = () => screen.getAllByTestId('item-name').map((el) => el.textContent?.trim());

beforeEach(() => setLocale('zh-CN'));

describe('items table', () => {
  it('renders every row for a small case', () => {
    render(ItemsTable, { items: many(150), onOpen: () => {}, onWithdraw: () => {} });
    expect(screen.getAllByTestId('item-row')).toHaveLength(150);
  });

  it('renders only a window of rows for thousands of items and follows scrolling', async () => {
    render(ItemsTable, { items: many(5000), onOpen: () => {}, onWithdraw: () => {} });
    const rows = screen.getAllByTestId('item-row');
    // 600px fallback viewport / 52px rows + 8 overscan below = 20 rows.
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(names()[0]).toBe('截图-1.png');

    const viewport = document.querySelector('.virtual-viewport') as HTMLElement;
    expect((document.querySelector('.virtual-spacer') as HTMLElement).style.height).toBe(`${5000 * 52}px`);
    viewport.scrollTop = 52 * 1000;
    await fireEvent.scroll(viewport);
    const after = names();
    expect(after).toContain('截图-1001.png');
    expect(after).not.toContain('截图-1.png');
    expect(screen.getAllByTestId('item-row').length).toBeLessThan(40);
    // Row positions stay right for assistive technology.
    const first = screen.getAllByTestId('item-row')[0];
    expect(first.getAttribute('aria-rowindex')).toBe(String(1000 - 8 + 2));
  });
});
