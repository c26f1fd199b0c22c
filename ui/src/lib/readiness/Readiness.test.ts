import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { Checklist } from '../bindings/Checklist';
import type { ImportReport } from '../bindings/ImportReport';
import type { Refund } from '../bindings/Refund';
import type { RefundBasis } from '../bindings/RefundBasis';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { EVIL_NAME, emptyChecklist, makeCase, makeItem, partialChecklist } from '../../test/fixtures';
import { cardsOf, gapsOf, worstStatus } from './readiness';

const record = makeCase({ id: 3, amount: '68.00' });
const items = [
  makeItem({ id: 1, case_id: 3, original_name: '订单截图.png', category: 'purchase' }),
  makeItem({ id: 2, case_id: 3, original_name: EVIL_NAME, category: 'purchase' }),
  makeItem({ id: 7, case_id: 3, original_name: '客服聊天.csv', media_type: 'text/csv', category: 'communication' }),
];

function openCase(handlers: Record<string, Handler> = {}) {
  return renderCase({
    ...evidenceHandlers({ record, items }),
    check_case: () => partialChecklist(),
    ...handlers,
  });
}

const cards = () => screen.getAllByTestId('readiness-card');
const card = (category: string) => cards().find((c) => c.dataset.category === category)!;
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('readiness helpers', () => {
  it('takes the worst status per category and keeps the gap order', () => {
    const c = partialChecklist();
    expect(cardsOf(c).map((x) => [x.category, x.status])).toEqual([
      ['purchase', 'weak'],
      ['non_delivery', 'missing'],
      ['communication', 'missing'],
    ]);
    expect(worstStatus([])).toBe('missing');
    expect(gapsOf(c).map((r) => r.id)).toEqual(['non_delivery.proof', 'purchase.payment_record']);
  });
});

describe('readiness panel', () => {
  it('comes first and shows three cards with statuses, words and guidance in both languages', async () => {
    const backend = openCase();
    const panel = await screen.findByTestId('readiness');
    await within(panel).findAllByTestId('readiness-card');
    expect(backend.callsTo('check_case')[0].args).toEqual({ caseId: 3 });
    // First section of the case body, before the case details.
    const body = document.querySelector('.case-body')!;
    expect(body.querySelector('section')).toBe(panel);
    expect(panel.dataset.ready).toBe('false');

    expect(cards().map((c) => [c.dataset.category, c.dataset.status])).toEqual([
      ['purchase', 'weak'],
      ['non_delivery', 'missing'],
      ['communication', 'missing'],
    ]);
    expect(text(card('purchase').querySelector('h3')!)).toBe('~ 较弱 购买凭证');
    expect(text(card('non_delivery').querySelector('h3')!)).toBe('✗ 缺少 服务未履行证明');

    const reqs = within(card('purchase')).getAllByTestId('requirement');
    expect(reqs.map((r) => [r.dataset.id, r.dataset.status])).toEqual([
      ['purchase.order_record', 'satisfied'],
      ['purchase.payment_record', 'weak'],
    ]);
    expect(text(reqs[0])).toContain('✓ 已满足 订单记录');
    expect(within(reqs[0]).queryByTestId('guidance')).toBeNull();
    // A met rule says what it rests on, in the user's language.
    expect(text(within(reqs[0]).getByTestId('basis'))).toBe('✓ 订单号 DEMO1（识别自 order.png）');
    expect(within(reqs[1]).queryByTestId('basis')).toBeNull();
    expect(text(reqs[1])).toContain('~ 较弱 支付记录');
    expect(text(within(reqs[1]).getByTestId('guidance'))).toBe(
      '下一步： 导出微信支付账单（我 > 服务 > 钱包 > 账单 > … > 下载账单）并添加进来。',
    );
    // Item names are user text: shown, never parsed.
    expect(within(reqs[1]).getByRole('button', { name: `查看“${EVIL_NAME}”` })).toBeTruthy();
    expect(document.querySelector('.readiness img')).toBeNull();

    const missing = within(card('non_delivery')).getByTestId('requirement');
    expect(text(missing)).toContain('✗ 缺少 未履行证明');
    expect(text(within(missing).getByTestId('guidance'))).toContain('截图会员中心，显示会员未开通。');

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(text(card('purchase').querySelector('h3')!)).toBe('~ Weak Proof of purchase');
    expect(text(within(card('purchase')).getAllByTestId('requirement')[0])).toContain('✓ Satisfied Order record');
    expect(text(within(card('non_delivery')).getByTestId('guidance'))).toBe(
      'Next step: Take a screenshot of the membership centre showing the membership is not active.',
    );
    expect(text(within(card('communication')).getAllByTestId('requirement')[2])).toContain('✗ Missing Ticket number');
  });

  it('says what is missing, top gaps first, and says ready when it is', async () => {
    let checklist: Checklist = partialChecklist();
    openCase({ check_case: () => checklist, update_case: () => record });
    const overall = await screen.findByTestId('readiness-overall');
    expect(text(overall)).toMatch(/^✗ 还不能提交：未履行证明、支付记录/);

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(text(overall)).toMatch(/^✗ Not ready yet: Proof of non-delivery, Payment record/);

    // A case edit re-checks.
    checklist = partialChecklist({
      ready: true,
      top_gaps: [],
      warnings: [],
      requirements: partialChecklist().requirements.map((r) => ({
        ...r,
        status: 'satisfied',
        guidance: '',
        guidance_zh: '',
      })),
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await fireEvent.input(screen.getByTestId('case-platform'), { target: { value: '卡盟' } });
    await fireEvent.click(screen.getByTestId('case-submit'));
    await waitFor(() => expect(screen.getByTestId('readiness').dataset.ready).toBe('true'));
    expect(text(screen.getByTestId('readiness-overall'))).toMatch(/^✓ Ready to hand in/);
    expect(cards().every((c) => c.dataset.status === 'satisfied')).toBe(true);
    expect(screen.queryAllByTestId('guidance')).toHaveLength(0);
  });

  it('opens the viewer from an item that satisfies a requirement, and focus returns to the link', async () => {
    openCase();
    await screen.findAllByTestId('readiness-card');
    const link = within(card('communication')).getAllByRole('button', { name: '查看“客服聊天.csv”' })[0];
    await fireEvent.click(link);
    const viewer = await screen.findByTestId('item-viewer');
    expect(viewer.textContent).toContain('客服聊天.csv');
    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    expect(screen.queryByTestId('item-viewer')).toBeNull();
    expect(document.activeElement).toBe(link);
  });

  it('lists warnings and the time limits in the user locale with an explanation', async () => {
    openCase();
    const warning = await screen.findByTestId('readiness-warning');
    expect(text(warning)).toContain('证据 7 中的订单号（KM999）与案件（KM20261102001）不一致。');
    expect(within(warning).getByRole('button', { name: '查看“客服聊天.csv”' })).toBeTruthy();
    const cooling = screen.getByTestId('window-cooling-off');
    expect(text(cooling)).toContain('冷静期截止：2026年11月9日 至 2026年11月17日 之间');
    expect(text(cooling)).toContain('（已过）'); // today is 2026-11-25
    expect(text(cooling)).toContain('7–15 天');
    const deadline = screen.getByTestId('window-12315');
    expect(text(deadline)).toContain('12315 投诉截止：2029年11月2日');
    expect(text(deadline)).not.toContain('已过');
    expect(text(deadline)).toContain('三年');

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(text(warning)).toContain('The order number in item 7 (KM999) differs from the case (KM20261102001).');
    expect(text(screen.getByTestId('window-cooling-off'))).toContain(
      'Cooling-off period ends between Nov 9, 2026 and Nov 17, 2026',
    );
    expect(text(screen.getByTestId('window-12315'))).toContain('12315 complaint deadline: Nov 2, 2029');
  });

  it('explains the missing windows when no purchase date is known', async () => {
    openCase({ check_case: () => emptyChecklist() });
    const windows = await screen.findByTestId('readiness-windows');
    expect(text(windows)).toContain('填写付款日期或确认账单中的付款行后');
    expect(screen.queryByTestId('readiness-warning')).toBeNull();
    expect(cards().map((c) => c.dataset.status)).toEqual(['missing', 'missing', 'missing']);
  });

  it('shows a failed check inline and retries', async () => {
    let fail = true;
    openCase({
      check_case: () => {
        if (fail) throw { code: 'busy', message: 'library is busy', message_zh: '证据库正忙' };
        return partialChecklist();
      },
    });
    const alert = await within(await screen.findByTestId('readiness')).findByRole('alert');
    expect(alert.textContent).toContain('无法检查案件是否齐全：证据库正忙');
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    expect(await screen.findAllByTestId('readiness-card')).toHaveLength(3);
  });

  it('re-checks after an import', async () => {
    const report: ImportReport = { added: [], suggested: [], duplicates: [], skipped: [], cancelled: false, ocr: [] };
    let checklist = partialChecklist();
    const backend = openCase({ check_case: () => checklist, import_dropped: () => report });
    await screen.findAllByTestId('readiness-card');
    expect(card('non_delivery').dataset.status).toBe('missing');
    checklist = partialChecklist({
      requirements: partialChecklist().requirements.map((r) =>
        r.id === 'non_delivery.proof' ? { ...r, status: 'satisfied', items: [2], guidance: '', guidance_zh: '' } : r,
      ),
    });
    await backend.emit('proofpack://dropped', { count: 1 });
    await screen.findByTestId('import-summary');
    await waitFor(() => expect(card('non_delivery').dataset.status).toBe('satisfied'));
    expect(backend.callsTo('check_case')).toHaveLength(2);
  });

  it('re-checks after a recategorisation in the viewer', async () => {
    const backend = openCase({
      check_case: () => {
        // What Rust would say: item 2 moved to non-delivery now proves it.
        const moved = backend.callsTo('recategorize_item').length > 0;
        return moved
          ? partialChecklist({
              requirements: partialChecklist().requirements.map((r) =>
                r.id === 'non_delivery.proof' ? { ...r, status: 'satisfied', items: [2] } : r,
              ),
            })
          : partialChecklist();
      },
    });
    await screen.findAllByTestId('readiness-card');
    await fireEvent.click(within(card('purchase')).getByRole('button', { name: `查看“${EVIL_NAME}”` }));
    const viewer = await screen.findByTestId('item-viewer');
    const select = (await within(viewer).findByTestId('change-category')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'non_delivery' } });
    await waitFor(() => expect(backend.callsTo('check_case')).toHaveLength(2));
    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    await waitFor(() => expect(card('non_delivery').dataset.status).toBe('satisfied'));
    expect(within(card('non_delivery')).getByRole('button', { name: `查看“${EVIL_NAME}”` })).toBeTruthy();
  });

  it('re-checks after a withdrawal', async () => {
    const backend = openCase();
    await screen.findAllByTestId('readiness-card');
    await fireEvent.click(within(card('purchase')).getByRole('button', { name: '查看“订单截图.png”' }));
    const viewer = await screen.findByTestId('item-viewer');
    await fireEvent.click(await within(viewer).findByTestId('viewer-withdraw'));
    await fireEvent.input(within(viewer).getByLabelText('撤回原因'), { target: { value: '传错了' } });
    await fireEvent.click(within(viewer).getByRole('button', { name: '确认撤回' }));
    await waitFor(() => expect(backend.callsTo('withdraw_item')).toHaveLength(1));
    await waitFor(() => expect(backend.callsTo('check_case')).toHaveLength(2));
  });
});

describe('refund calculator', () => {
  const refundOf = (basis: RefundBasis): Refund =>
    basis.basis === 'full'
      ? { price: '68.00', refund: '68.00', basis, rule: 'full refund: 68.00', rule_zh: '全额退款：68.00' }
      : {
          price: '68.00',
          refund: '45.33',
          basis,
          rule: '68.00 × (30 − 10) ÷ 30 = 45.33',
          rule_zh: '68.00 ×（30 − 10）÷ 30 = 45.33',
        };

  function openCalculator(handlers: Record<string, Handler> = {}) {
    const backend = openCase({ compute_refund: (args) => refundOf(args.basis as RefundBasis), ...handlers });
    return { backend, panel: screen.findByTestId('refund-calculator') };
  }

  it('prefills the case amount and sends a full refund by default', async () => {
    const { backend, panel } = openCalculator();
    const calc = await panel;
    expect((within(calc).getByLabelText('价格（元）') as HTMLInputElement).value).toBe('68.00');
    expect((within(calc).getByLabelText('全额退款') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    expect((await within(calc).findByTestId('refund-result')).textContent).toBe('¥68.00');
    expect(backend.callsTo('compute_refund')[0].args).toEqual({ price: '68.00', basis: { basis: 'full' } });
    expect(within(calc).getByTestId('refund-rule').textContent).toBe('全额退款：68.00');
  });

  it.each([
    ['days', '按天数折算', '总天数', '已使用天数'],
    ['entitlements', '按权益次数折算', '权益总数', '已使用权益数'],
  ] as const)('sends the %s basis and shows 45.33 with the rule', async (mode, radio, totalLabel, usedLabel) => {
    const { backend, panel } = openCalculator();
    const calc = await panel;
    await fireEvent.click(within(calc).getByLabelText(radio));
    await fireEvent.input(within(calc).getByLabelText(totalLabel), { target: { value: '30' } });
    await fireEvent.input(within(calc).getByLabelText(usedLabel), { target: { value: '10' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    expect((await within(calc).findByTestId('refund-result')).textContent).toBe('¥45.33');
    expect(backend.callsTo('compute_refund')[0].args).toEqual({
      price: '68.00',
      basis: { basis: mode, total: 30, used: 10 },
    });
    expect(within(calc).getByTestId('refund-rule').textContent).toBe('68.00 ×（30 − 10）÷ 30 = 45.33');
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(within(calc).getByTestId('refund-rule').textContent).toBe('68.00 × (30 − 10) ÷ 30 = 45.33');
    expect(text(within(calc).getByRole('status'))).toBe('Refund to claim: ¥45.33 68.00 × (30 − 10) ÷ 30 = 45.33');
  });

  it('sends an edited price', async () => {
    const { backend, panel } = openCalculator();
    const calc = await panel;
    await fireEvent.input(within(calc).getByTestId('refund-price'), { target: { value: ' 99.90 ' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    await waitFor(() => expect(backend.callsTo('compute_refund')).toHaveLength(1));
    expect(backend.callsTo('compute_refund')[0].args).toEqual({ price: '99.90', basis: { basis: 'full' } });
  });

  it('shows the backend error inline in the current language', async () => {
    const { backend, panel } = openCalculator({
      compute_refund: () => {
        throw {
          code: 'invalid_input',
          message: 'invalid refund: used (40) is more than total (30)',
          message_zh: '退款参数无效：已使用（40）多于总数（30）',
        };
      },
    });
    const calc = await panel;
    await fireEvent.click(within(calc).getByLabelText('按天数折算'));
    await fireEvent.input(within(calc).getByLabelText('总天数'), { target: { value: '30' } });
    await fireEvent.input(within(calc).getByLabelText('已使用天数'), { target: { value: '40' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    const error = await within(calc).findByTestId('refund-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(text(error)).toBe('⚠ 无法计算：退款参数无效：已使用（40）多于总数（30）');
    expect(backend.callsTo('compute_refund')[0].args).toEqual({
      price: '68.00',
      basis: { basis: 'days', total: 30, used: 40 },
    });
    expect(within(calc).queryByTestId('refund-result')).toBeNull();
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(text(error)).toBe('⚠ Could not calculate: invalid refund: used (40) is more than total (30)');
  });

  it('asks for whole numbers and a price before calling', async () => {
    const { backend, panel } = openCalculator();
    const calc = await panel;
    await fireEvent.click(within(calc).getByLabelText('按权益次数折算'));
    await fireEvent.input(within(calc).getByLabelText('权益总数'), { target: { value: '5.5' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    expect(text(await within(calc).findByTestId('refund-error'))).toBe('⚠ 请用整数填写总数和已使用数');
    await fireEvent.input(within(calc).getByTestId('refund-price'), { target: { value: '' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    expect(text(within(calc).getByTestId('refund-error'))).toBe('⚠ 请填写价格，例如 68.00');
    expect(backend.callsTo('compute_refund')).toHaveLength(0);
  });
});
