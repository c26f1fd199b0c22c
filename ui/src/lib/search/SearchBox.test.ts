import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import SearchBox from './SearchBox.svelte';
import { setLocale } from '../i18n/index.svelte';
import { fakeBackend } from '../../test/backend';
import type { SearchResult } from '../bindings/SearchResult';

const found: SearchResult = {
  query: 'DEMO',
  truncated: false,
  hits: [
    { item_id: 4, item_name: '支付成功.png', source: 'ocr', position: 2, text: '订单号 demo202611020001' },
    {
      item_id: 5,
      item_name: 'chat.txt',
      source: 'transcript',
      position: 0,
      text: '客服: <img src=x onerror=alert(1)> demo',
    },
    { item_id: 6, item_name: 'bill.csv', source: 'bill', position: 7, text: '2026-11-02 · demo' },
  ],
};

beforeEach(() => setLocale('zh-CN'));

describe('case search', () => {
  it('sends the query, lists hits with where they are, as text, and opens an item', async () => {
    const backend = fakeBackend({ search_case: () => found });
    const opened: number[] = [];
    render(SearchBox, { caseId: 3, onOpen: (id: number) => opened.push(id) });
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'DEMO' } });
    await fireEvent.submit(screen.getByTestId('search-form'));
    const hits = await screen.findAllByTestId('search-hit');
    expect(backend.callsTo('search_case').map((c) => c.args)).toEqual([{ caseId: 3, query: 'DEMO' }]);
    expect(hits.map((h) => h.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      '支付成功.png 图片第 3 行 订单号 demo202611020001',
      'chat.txt 第 1 条消息 客服: <img src=x onerror=alert(1)> demo',
      'bill.csv 账单第 7 行 2026-11-02 · demo',
    ]);
    expect(document.querySelector('.search-results img')).toBeNull();
    expect(screen.getByTestId('search-results').textContent).toContain('有 3 处包含“DEMO”');
    await fireEvent.click(within(hits[1]).getByRole('button'));
    expect(opened).toEqual([5]);
  });

  it('says when nothing matches, in English too', async () => {
    setLocale('en');
    fakeBackend({ search_case: () => ({ query: 'zzz', truncated: false, hits: [] }) });
    render(SearchBox, { caseId: 3, onOpen: () => {} });
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'zzz' } });
    await fireEvent.submit(screen.getByTestId('search-form'));
    await waitFor(() =>
      expect(screen.getByTestId('search-results').textContent).toContain('Nothing in this case contains “zzz”.'),
    );
  });
});
