import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { fakeBackend } from '../../test/backend';
import { makeCase, makeSummary } from '../../test/fixtures';

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
});

describe('case list', () => {
  it('says when the library is read-only, in both languages', async () => {
    fakeBackend({
      list_cases: () => [makeSummary({ id: 1 })],
      library_info: () => ({ path: '/media/usb/proofpack', read_only: true }),
    });
    render(App);
    const notice = await screen.findByTestId('read-only');
    expect(notice.textContent).toContain('只读');
    setLocale('en');
    await screen.findByText(/read-only disk or folder/);
  });

  it('shows no read-only notice for a writable library', async () => {
    fakeBackend({ list_cases: () => [makeSummary({ id: 1 })] });
    render(App);
    await screen.findAllByTestId('case-card');
    expect(screen.queryByTestId('read-only')).toBeNull();
  });

  it("shows each case's readiness as the checklist last judged it, in both languages", async () => {
    const gap = { gap: 'Payment record', gap_zh: '付款记录' };
    fakeBackend({
      list_cases: () => [
        makeSummary({
          id: 1,
          title: '齐了',
          item_count: 4,
          readiness: { ready: true, met: 7, total: 7, gap: null, gap_zh: null },
        }),
        makeSummary({ id: 2, title: '差一项', item_count: 2, readiness: { ready: false, met: 5, total: 7, ...gap } }),
        makeSummary({ id: 3, title: '改过', item_count: 1, readiness: null }),
        makeSummary({ id: 4, title: '空的', item_count: 0, readiness: null }),
      ],
    });
    render(App);
    await screen.findAllByTestId('case-card');
    const of = (title: string) =>
      within(screen.getByText(title).closest('[data-testid="case-card"]') as HTMLElement).queryByTestId(
        'case-readiness',
      );
    expect(of('齐了')?.textContent).toContain('可以提交');
    expect(of('差一项')?.textContent).toContain('已满足 5/7 项 · 还差：付款记录');
    expect(of('改过')?.textContent).toContain('有改动，打开后检查');
    expect(of('空的')).toBeNull();
    setLocale('en');
    await screen.findByText(/5 of 7 met · still needs: Payment record/);
    expect(of('齐了')?.textContent).toContain('Ready to submit');
  });

  it('renders each case from list_cases with its facts', async () => {
    fakeBackend({
      list_cases: () => [
        makeSummary({ id: 1, title: '视频年卡未开通', item_count: 3, updated_at: '2026-11-21T03:30:00.000Z' }),
        makeSummary({
          id: 2,
          title: 'Game pass refund',
          platform: 'ShopX',
          product: 'Season pass',
          amount: '12.00',
          currency: 'USD',
          item_count: 0,
          updated_at: '2026-11-22T03:30:00.000Z',
        }),
      ],
    });
    render(App);

    const cards = await screen.findAllByTestId('case-card');
    expect(cards).toHaveLength(2);
    // Most recently updated first.
    expect(cards[0].textContent).toContain('Game pass refund');
    expect(cards[0].textContent).toContain('USD 12.00');
    expect(cards[0].textContent).toContain('ShopX · Season pass');
    expect(cards[1].textContent).toContain('¥68.00');
    expect(cards[1].textContent).toContain('3 件证据');
    expect(cards[1].textContent).toContain('更新于 2026年11月21日');
    expect(await screen.findByText('证据库位置：/home/u/.local/share/proofpack')).toBeTruthy();
  });

  it('teaches the three categories when there are no cases', async () => {
    fakeBackend({ list_cases: () => [] });
    render(App);

    const empty = await screen.findByRole('heading', { name: '先建一个案件，把证据收好' });
    const section = empty.closest('section')!;
    for (const label of ['购买凭证', '服务未履行证明', '沟通记录']) {
      expect(within(section).getByText(label)).toBeTruthy();
    }
    expect(screen.queryAllByTestId('case-card')).toHaveLength(0);
    await fireEvent.click(within(section).getByRole('button', { name: '新建案件' }));
    expect(screen.getByTestId('case-title')).toBeTruthy();
  });

  it('opens a case page from its card and goes back', async () => {
    const c = makeCase({ id: 7, title: '会员退款' });
    const backend = fakeBackend({
      list_cases: () => [makeSummary({ id: 7, title: '会员退款' })],
      get_case: () => c,
      list_items: () => [],
    });
    render(App);
    await fireEvent.click(await screen.findByTestId('case-card'));
    expect((await screen.findByTestId('case-heading')).textContent).toBe('会员退款');
    expect(backend.callsTo('get_case')[0].args).toEqual({ id: 7 });
    expect(backend.callsTo('list_items')[0].args).toEqual({ caseId: 7 });
    await fireEvent.click(screen.getByTestId('back'));
    expect(await screen.findByTestId('case-card')).toBeTruthy();
  });
});
