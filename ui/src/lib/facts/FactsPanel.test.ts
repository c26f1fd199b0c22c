import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import type { Fact } from '../bindings/Fact';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, fakeBackend, type EvidenceState } from '../../test/backend';
import { renderCase } from '../../test/render';
import { HASH_B, chatFacts, chatTranscript, makeCase, makeDerived, makeItem, wechatBill } from '../../test/fixtures';
import { groupFacts, matchesCase } from './facts';

const record = makeCase({ id: 3, order_no: 'KM20261102001', amount: '68.00' });
const chat = makeItem({
  id: 7,
  case_id: 3,
  original_name: '客服聊天.csv',
  media_type: 'text/csv',
  sha256: HASH_B,
  category: 'communication',
});
const bill = makeItem({ id: 8, case_id: 3, original_name: '微信支付账单.csv', media_type: 'text/csv', sha256: HASH_B });

const billFacts: Fact[] = [
  {
    item_id: 8,
    kind: 'amount',
    value: '32.50 CNY',
    snippet: '2026-11-02T12:01:00+08:00 · 美团 · 午餐 · 32.50',
    source: 'bill',
    position: 2,
  },
  {
    item_id: 8,
    kind: 'amount',
    value: '68.00 CNY',
    snippet: '2026-11-02T14:30:05+08:00 · 某卡盟 · 视频年卡 · 68.00',
    source: 'bill',
    position: 1,
  },
  {
    item_id: 8,
    kind: 'date',
    value: '2026-11-02',
    snippet: '2026-11-02T14:30:05+08:00 · 某卡盟 · 视频年卡 · 68.00',
    source: 'bill',
    position: 1,
  },
];

function state(facts: { chat?: Fact[]; bill?: Fact[] } = {}): EvidenceState {
  return {
    record,
    items: [chat, bill],
    details: {
      7: { derived: makeDerived('transcript', chatTranscript), facts: facts.chat ?? chatFacts(7), suggestion: null },
      8: { derived: makeDerived('bill', wechatBill), facts: facts.bill ?? billFacts, suggestion: null },
    },
  };
}

function openCase(s: EvidenceState) {
  return renderCase(evidenceHandlers(s));
}

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('facts panel', () => {
  it('groups the case facts by kind, matching ones first, and opens the item they came from', async () => {
    const backend = openCase(state());
    const panel = await screen.findByTestId('facts-panel');
    await within(panel).findAllByTestId('fact-group');
    const groups = within(panel).getAllByTestId('fact-group');
    expect(groups.map((g) => g.dataset.kind)).toEqual(['order_no', 'amount', 'ticket_no', 'refusal', 'date']);
    expect(groups.map((g) => g.querySelector('h3')!.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      '订单号 1',
      '金额 2',
      '工单号 1',
      '拒绝退款的说法 1',
      '日期 1',
    ]);

    const amounts = within(groups[1]).getAllByTestId('fact');
    expect(amounts[0].textContent).toContain('68.00 CNY');
    expect(within(amounts[0]).getByText('与本案相符')).toBeTruthy();
    expect(within(amounts[1]).queryByText('与本案相符')).toBeNull();
    expect(within(groups[0]).getByText('与本案相符')).toBeTruthy();

    const refusal = within(groups[3]).getByTestId('fact');
    expect(within(refusal).getByText('无法退款')).toBeTruthy();
    expect(within(refusal).getByText('亲，虚拟商品一经售出无法退款哦。')).toBeTruthy();
    expect(within(refusal).getByText('第 2 条消息')).toBeTruthy();
    expect(within(amounts[0]).getByText('账单第 1 行')).toBeTruthy();

    await fireEvent.click(within(refusal).getByRole('button', { name: '查看“客服聊天.csv”' }));
    const viewer = await screen.findByTestId('item-viewer');
    expect(backend.callsTo('item_details').map((c) => c.args)).toEqual([{ itemId: 7 }]);
    expect(await within(viewer).findByTestId('transcript')).toBeTruthy();
    expect(screen.getByTestId('facts-panel').closest('[hidden]')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('lang-switch'));
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('item-viewer')).toBeNull();
    const refreshed = screen.getAllByTestId('fact-group');
    expect(refreshed[3].querySelector('h3')!.textContent).toContain('Refusals to refund');
    expect(document.activeElement?.textContent).toContain('Open “客服聊天.csv”');
  });

  it('shows the first few of a long group until asked for all', async () => {
    const dates: Fact[] = Array.from({ length: 12 }, (_, i) => ({
      item_id: 8,
      kind: 'date',
      value: `2026-10-${String(i + 1).padStart(2, '0')}`,
      snippet: `row ${i + 1}`,
      source: 'bill',
      position: i + 1,
    }));
    openCase(state({ chat: [], bill: dates }));
    const group = (await screen.findAllByTestId('fact-group'))[0];
    expect(within(group).getAllByTestId('fact')).toHaveLength(8);
    await fireEvent.click(within(group).getByRole('button', { name: '显示全部 12 条' }));
    expect(within(group).getAllByTestId('fact')).toHaveLength(12);
    await fireEvent.click(within(group).getByRole('button', { name: '收起' }));
    expect(within(group).getAllByTestId('fact')).toHaveLength(8);
  });

  it('says what will appear here when nothing was found', async () => {
    openCase(state({ chat: [], bill: [] }));
    const empty = await screen.findByTestId('facts-empty');
    expect(empty.textContent).toContain('订单号、金额、工单号、拒绝退款的说法、承诺和日期会出现在这里');
  });

  it('reports a failure inside the panel and retries', async () => {
    let fail = true;
    const handlers = evidenceHandlers(state());
    fakeBackend({
      ...handlers,
      case_facts: (args) => {
        if (fail) throw { code: 'db', message: 'database is locked', message_zh: '数据库被占用' };
        return handlers.case_facts(args);
      },
    });
    nav.openCase(3);
    render(App);
    const panel = await screen.findByTestId('facts-panel');
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('无法读取找到的信息：数据库被占用');
    expect(screen.getByTestId('case-heading')).toBeTruthy();
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    await waitFor(() => expect(within(panel).getAllByTestId('fact-group')).toHaveLength(5));
  });

  it('reloads after an import', async () => {
    const s = state({ chat: [], bill: [] });
    const backend = fakeBackend({
      ...evidenceHandlers(s),
      import_with_dialog: () => {
        s.details![7].facts = chatFacts(7);
        return { added: [], suggested: [], duplicates: [], skipped: [], cancelled: false, ocr: [] };
      },
    });
    nav.openCase(3);
    render(App);
    await screen.findByTestId('facts-empty');
    await fireEvent.click(screen.getByTestId('add-files'));
    await waitFor(() => expect(screen.getAllByTestId('fact-group')).toHaveLength(3));
    expect(backend.callsTo('case_facts').map((c) => c.args)).toEqual([{ caseId: 3 }, { caseId: 3 }]);
  });
});

describe('groupFacts', () => {
  it('keeps display order and puts facts matching the case first', () => {
    const facts = [...billFacts, ...chatFacts(7)];
    const groups = groupFacts(facts, record);
    expect(groups.map((g) => g.kind)).toEqual(['order_no', 'amount', 'ticket_no', 'refusal', 'date']);
    expect(groups[1].facts.map((f) => f.value)).toEqual(['68.00 CNY', '32.50 CNY']);
    expect(matchesCase(billFacts[1], { order_no: null, amount: '68' })).toBe(true);
    expect(matchesCase(billFacts[1], { order_no: null, amount: null })).toBe(false);
  });
});
