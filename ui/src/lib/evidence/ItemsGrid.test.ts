import { beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Category } from '../bindings/Category';
import type { Item } from '../bindings/Item';
import { setLocale } from '../i18n/index.svelte';
import ItemsGrid from './ItemsGrid.svelte';
import EvidenceSection from './EvidenceSection.svelte';
import { VIEW_MODE_KEY } from './viewMode';
import { fakeBackend } from '../../test/backend';
import { EVIL_NAME, makeItem } from '../../test/fixtures';

const CATS: Category[] = ['purchase', 'non_delivery', 'communication', 'other'];

const many = (n: number, category?: Category) =>
  Array.from({ length: n }, (_, i) =>
    makeItem({ id: i + 1, original_name: `截图-${i + 1}.png`, category: category ?? CATS[i % 4] }),
  );

const cards = () => screen.getAllByTestId('grid-card');
const cardIds = () => cards().map((c) => Number(c.dataset.itemId));
const card = (id: number) => document.querySelector<HTMLElement>(`[data-testid="grid-card"][data-item-id="${id}"]`)!;

beforeEach(() => {
  setLocale('zh-CN');
  fakeBackend({});
});

describe('items grid', () => {
  it('shows thumbnails from the pp protocol for pictures and an icon for other files', async () => {
    const items: Item[] = [
      makeItem({ id: 1, original_name: '支付截图.png' }),
      makeItem({ id: 2, original_name: '账单.csv', media_type: 'text/csv', category: 'purchase' }),
      makeItem({ id: 3, original_name: '聊天.txt', media_type: 'text/plain', category: 'communication' }),
      makeItem({ id: 4, original_name: EVIL_NAME, category: 'non_delivery', category_source: 'suggested' }),
      makeItem({ id: 5, original_name: '录音.m4a', media_type: 'audio/mp4', category: 'other' }),
    ];
    render(ItemsGrid, { items, onOpen: () => {} });

    const img = within(card(1)).getByTestId('thumb-img') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('pp://localhost/thumb%2F1%2F256');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('decoding')).toBe('async');
    expect(img.getAttribute('alt')).toBe('');

    expect(within(card(2)).queryByRole('img')).toBeNull();
    expect(within(card(2)).getByTestId('thumb-icon').textContent).toContain('表格');
    expect(within(card(3)).getByTestId('thumb-icon').textContent).toContain('文本');
    expect(within(card(5)).getByTestId('thumb-icon').textContent).toContain('音频');

    // A hostile name is text, the picture's thumbnail still comes by id.
    expect(within(card(4)).getByTestId('card-name').textContent).toBe(EVIL_NAME);
    expect(within(card(4)).getByTestId('thumb-img').getAttribute('src')).toBe('pp://localhost/thumb%2F4%2F256');
    expect(document.querySelectorAll('img')).toHaveLength(2);

    // No thumbnail was made (404): an icon and words instead, and no second request later.
    await fireEvent.error(within(card(4)).getByTestId('thumb-img'));
    expect(within(card(4)).queryByTestId('thumb-img')).toBeNull();
    expect(within(card(4)).getByTestId('thumb-icon').textContent).toContain('图片 · 无预览');

    // The suggested category is marked with an icon and words.
    expect(within(card(4)).getByTestId('suggested-mark').textContent).toContain('建议·待确认');
    expect(within(card(1)).queryByTestId('suggested-mark')).toBeNull();
  });

  it('groups cards under the three categories, then other', () => {
    const items = [
      makeItem({ id: 1, category: 'other' }),
      makeItem({ id: 2, category: 'communication' }),
      makeItem({ id: 3, category: 'purchase' }),
      makeItem({ id: 4, category: 'communication' }),
    ];
    render(ItemsGrid, { items, onOpen: () => {} });
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent?.replace(/\s+/g, ' ').trim());
    expect(headings).toEqual(['购买凭证 1', '沟通记录 2', '其他 1']);
    expect(cardIds()).toEqual([3, 2, 4, 1]);
  });

  it('moves between cards with the arrow keys and opens one with Enter', async () => {
    const opened: number[] = [];
    // 12 purchase items: rows of 5 (jsdom falls back to a 960 px wide grid), then 2 other.
    const items = [...many(12, 'purchase'), ...many(2, 'other').map((it, i) => ({ ...it, id: 100 + i }))];
    render(ItemsGrid, { items, onOpen: (it: Item) => opened.push(it.id) });
    expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('5');

    const tabbable = cards().filter((c) => c.tabIndex === 0);
    expect(tabbable.map((c) => c.dataset.itemId)).toEqual(['1']);
    card(1).focus();

    const press = async (key: string, extra: Record<string, unknown> = {}) =>
      fireEvent.keyDown(document.activeElement!, { key, ...extra });
    await press('ArrowRight');
    expect(document.activeElement).toBe(card(2));
    await press('ArrowDown');
    expect(document.activeElement).toBe(card(7));
    await press('ArrowRight');
    await press('ArrowRight');
    await press('ArrowRight');
    expect(document.activeElement).toBe(card(10));
    // The last row is shorter: down from column 4 lands on its last card.
    await press('ArrowDown');
    expect(document.activeElement).toBe(card(12));
    await press('ArrowUp');
    expect(document.activeElement).toBe(card(7));
    await press('ArrowDown');
    expect(document.activeElement).toBe(card(12));
    // Into the next group (cards 100, 101), same column.
    await press('ArrowDown');
    expect(document.activeElement).toBe(card(101));
    await press('ArrowUp');
    expect(document.activeElement).toBe(card(12));
    await press('Home');
    expect(document.activeElement).toBe(card(11));
    await press('End');
    expect(document.activeElement).toBe(card(12));
    await press('ArrowLeft');
    expect(document.activeElement).toBe(card(11));
    await press('Home', { ctrlKey: true });
    expect(document.activeElement).toBe(card(1));
    await press('ArrowLeft');
    expect(document.activeElement).toBe(card(1));
    await press('End', { ctrlKey: true });
    expect(document.activeElement).toBe(card(101));
    // Roving tab stop follows the focus.
    expect(cards().filter((c) => c.tabIndex === 0)).toEqual([card(101)]);

    await press('Enter');
    expect(opened).toEqual([101]);
    await fireEvent.click(card(3));
    expect(opened).toEqual([101, 3]);
  });

  it('renders a bounded number of cards for 10,000 items and follows scrolling', async () => {
    render(ItemsGrid, { items: many(10_000), onOpen: () => {} });
    const grid = screen.getByRole('grid');
    // 4 headings + 4 × 500 rows of 5 cards.
    expect(grid.getAttribute('aria-rowcount')).toBe('2004');
    const first = cards().length;
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(60);
    expect(document.querySelectorAll('img').length).toBe(first);

    const viewport = grid.querySelector('.virtual-viewport') as HTMLElement;
    const spacer = grid.querySelector('.virtual-spacer') as HTMLElement;
    expect(spacer.style.height).toBe(`${4 * 44 + 2000 * 216}px`);

    // Half way down the first group (purchase: items 1, 5, 9, …).
    viewport.scrollTop = 44 + 250 * 216;
    await fireEvent.scroll(viewport);
    const ids = cardIds();
    expect(ids.length).toBeLessThan(60);
    expect(ids).not.toContain(1);
    expect(ids).toContain(1 + 4 * 5 * 250);

    // Keyboard navigation scrolls the window along.
    card(ids[ids.length - 1]).focus();
    for (let i = 0; i < 6; i++) {
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    }
    const focused = document.activeElement as HTMLElement;
    expect(focused.dataset.testid).toBe('grid-card');
    expect(Number(focused.dataset.index)).toBeGreaterThan(ids.length);
    expect(cards().length).toBeLessThan(60);
  });
});

describe('evidence section', () => {
  const items = [
    makeItem({ id: 1, original_name: '支付截图.png' }),
    makeItem({ id: 2, original_name: '聊天.txt', media_type: 'text/plain', category: 'communication' }),
    makeItem({ id: 3, original_name: '旧截图.png', status: 'withdrawn', withdrawn_reason: '重复' }),
  ];
  const props = { items, onChanged: () => {}, onOpen: () => {} };

  it('starts as a grid and remembers the list view', async () => {
    render(EvidenceSection, props);
    expect(screen.getByTestId('items-grid')).toBeTruthy();
    expect(screen.getByTestId('view-grid').getAttribute('aria-pressed')).toBe('true');

    await fireEvent.click(screen.getByTestId('view-list'));
    expect(screen.queryByTestId('items-grid')).toBeNull();
    expect(screen.getAllByTestId('item-row')).toHaveLength(3);
    expect(localStorage.getItem(VIEW_MODE_KEY)).toBe('list');

    cleanup();
    render(EvidenceSection, props);
    expect(screen.getAllByTestId('item-row')).toHaveLength(3);
    expect(screen.getByTestId('view-list').getAttribute('aria-pressed')).toBe('true');
  });

  it('filters by category, in either view', async () => {
    render(EvidenceSection, props);
    expect(within(screen.getByTestId('filter-purchase')).getByText('1')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('filter-communication'));
    expect(screen.getByTestId('filter-communication').getAttribute('aria-pressed')).toBe('true');
    expect(cardIds()).toEqual([2]);
    await fireEvent.click(screen.getByTestId('view-list'));
    expect(screen.getAllByTestId('item-name').map((n) => n.textContent)).toEqual(['聊天.txt']);
    await fireEvent.click(screen.getByTestId('filter-non_delivery'));
    expect(screen.getByTestId('filter-empty').textContent).toContain('这个类别还没有证据');
    await fireEvent.click(screen.getByTestId('filter-all'));
    expect(screen.getAllByTestId('item-row')).toHaveLength(3);
  });

  it('marks a suggested category in list rows too', async () => {
    const suggested = makeItem({
      id: 4,
      original_name: '会员中心.png',
      category: 'non_delivery',
      category_source: 'suggested',
    });
    render(EvidenceSection, { ...props, items: [...items, suggested] });
    await fireEvent.click(screen.getByTestId('view-list'));
    const rows = screen.getAllByTestId('item-row');
    const row = rows.find((r) => r.dataset.itemId === '4')!;
    expect(within(row).getByTestId('suggested-mark').textContent).toContain('建议·待确认');
    expect(within(row).getByText('服务未履行证明')).toBeTruthy();
    expect(rows.filter((r) => within(r).queryByTestId('suggested-mark'))).toEqual([row]);
  });

  it('marks withdrawn cards in words', () => {
    render(EvidenceSection, props);
    expect(card(3).classList.contains('withdrawn')).toBe(true);
    expect(within(card(3)).getByText('已撤回')).toBeTruthy();
  });
});
