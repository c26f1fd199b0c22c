import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { Contact } from '../bindings/Contact';
import type { ContactLog } from '../bindings/ContactLog';
import type { ContactWarning } from '../bindings/ContactWarning';
import type { NewContact } from '../bindings/NewContact';
import { formatDate } from '../format';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { makeCase, makeItem } from '../../test/fixtures';

const EVIL = '<img src=x onerror=alert(1)>';
const record = makeCase({ id: 3 });
const items = [
  makeItem({ id: 1, case_id: 3, original_name: '订单截图.png', category: 'purchase' }),
  makeItem({ id: 7, case_id: 3, original_name: '客服聊天.csv', media_type: 'text/csv', category: 'communication' }),
  makeItem({
    id: 9,
    case_id: 3,
    original_name: '撤回.png',
    status: 'withdrawn',
    withdrawn_reason: 'dup',
    withdrawn_at: '2026-11-20T00:00:00Z',
  }),
];

function contact(overrides: Partial<Contact>): Contact {
  return {
    id: 1,
    case_id: 3,
    step: 'platform_support',
    channel: 'App chat',
    date: '2026-11-03',
    ticket: null,
    outcome: null,
    refund_method: null,
    items: [],
    logged_at: '2026-11-03T02:00:00Z',
    review_due: '2026-11-06',
    refund_due: null,
    state: 'open',
    ...overrides,
  };
}

const seeded: Contact[] = [
  contact({ id: 1, state: 'closed', outcome: '拒绝退款', ticket: 'GD-88123', items: [7] }),
  contact({ id: 2, step: 'complaint_department', date: '2026-11-10', state: 'overdue', review_due: '2026-11-13' }),
  contact({
    id: 3,
    step: 'payment_complaint',
    channel: 'WeChat complaint',
    date: '2026-11-20',
    state: 'due_soon',
    refund_method: 'wechat',
    refund_due: '2026-11-27',
    review_due: '2026-11-25',
  }),
  contact({ id: 4, step: 'consumer12315', channel: '12315 website', date: '2026-11-22', state: 'open' }),
];

const warning: ContactWarning = {
  id: 'multiple_channels',
  message: 'The same refund is requested in several channels at once.',
  message_zh: '同一笔退款同时在多个渠道申请。',
  contacts: [3, 4],
};

/** A stateful case_contacts / log_contact pair, like Library::log_contact. */
function contactHandlers(initial: Contact[], warnings: ContactWarning[] = []): Record<string, Handler> {
  const list = [...initial];
  return {
    case_contacts: (): ContactLog => ({
      contacts: [...list],
      warnings,
      holidays_note: 'Due dates count weekends only; public holidays may add days.',
      holidays_note_zh: '期限只跳过周末，法定节假日可能顺延。',
      today: '2026-11-23',
    }),
    log_contact: (args) => {
      const c = args.contact as NewContact;
      if (c.channel.trim() === '') {
        throw {
          code: 'invalid_input',
          message: 'invalid contact: the channel is empty',
          message_zh: '联系记录无效：渠道为空',
        };
      }
      const saved = contact({
        ...c,
        id: list.length + 1,
        logged_at: '2026-11-23T01:00:00Z',
        review_due: null,
        refund_due: null,
        state: c.outcome ? 'closed' : 'open',
      });
      list.push(saved);
      return saved;
    },
    close_contact: (args) => {
      const i = list.findIndex((c) => c.id === args.contactId);
      if (String(args.outcome).trim() === '') {
        throw {
          code: 'invalid_input',
          message: 'invalid outcome: say what came of the contact',
          message_zh: '请填写结果',
        };
      }
      list[i] = {
        ...list[i],
        outcome: args.outcome as string,
        refund_method: args.refundMethod as Contact['refund_method'],
        state: 'closed',
      };
      return list[i];
    },
  };
}

function openCase(handlers: Record<string, Handler> = {}) {
  return renderCase({ ...evidenceHandlers({ record, items }), ...contactHandlers(seeded), ...handlers });
}

const panel = () => screen.getByTestId('contacts');
const rows = () => within(panel()).queryAllByTestId('contact-row');
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const form = () => screen.getByTestId('contact-form');

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('escalation log', () => {
  it('shows rows with states and badges in Chinese and English', async () => {
    openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(rows().map((r) => r.dataset.state)).toEqual(['closed', 'overdue', 'due_soon', 'open']);
    const badges = rows().map((r) => text(within(r).getByTestId('contact-badge')));
    expect(badges).toEqual(['✓ 已结束', '⚠ 已逾期', '⏳ 即将到期', '○ 进行中']);
    expect(text(within(rows()[1]).getByTestId('contact-step-label'))).toBe('平台投诉部门（监察中心）');
    expect(text(rows()[0])).toContain('GD-88123');
    expect(text(rows()[0])).toContain('拒绝退款');
    expect(text(within(rows()[2]).getByTestId('contact-due'))).toContain('微信支付');
    expect(text(panel())).toContain('期限只跳过周末');
    expect(text(rows()[0])).toContain(formatDate('2026-11-03', 'zh-CN')!);
    expect(text(panel())).toContain('同一笔退款不要同时在多个渠道申请');

    setLocale('en');
    await waitFor(() => expect(text(within(rows()[1]).getByTestId('contact-badge'))).toBe('⚠ Overdue'));
    expect(rows().map((r) => text(within(r).getByTestId('contact-badge')))).toEqual([
      '✓ Closed',
      '⚠ Overdue',
      '⏳ Due soon',
      '○ Open',
    ]);
    expect(text(within(rows()[3]).getByTestId('contact-step-label'))).toBe('12315');
    expect(text(within(rows()[0]).getByTestId('contact-step-label'))).toBe('Platform customer service');
    expect(text(rows()[0])).toContain(formatDate('2026-11-03', 'en')!);
    expect(text(panel())).toContain('public holidays may add days');
  });

  it('records the outcome of an open contact later, then refreshes', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(within(rows()[0]).queryByTestId('contact-close-open')).toBeNull();
    const row = () => rows()[3];
    await fireEvent.click(within(row()).getByTestId('contact-close-open'));
    const f = within(row()).getByTestId('contact-close-form');
    await fireEvent.click(within(f).getByTestId('contact-close-save'));
    await waitFor(() => expect(text(within(row()).getByTestId('contact-close-error'))).toContain('请填写结果'));
    expect(within(f).getByLabelText('结果（如拒绝退款、同意退款）')).toBe(
      within(f).getByTestId('contact-close-outcome'),
    );
    await fireEvent.input(within(f).getByTestId('contact-close-outcome'), { target: { value: '调解成功' } });
    await fireEvent.change(within(f).getByTestId('contact-close-method'), { target: { value: 'alipay' } });
    await fireEvent.click(within(f).getByTestId('contact-close-save'));
    await waitFor(() => expect(row().dataset.state).toBe('closed'));
    expect(text(within(row()).getByTestId('contact-outcome-text'))).toBe('调解成功');
    expect(within(row()).queryByTestId('contact-close-open')).toBeNull();
    expect(backend.callsTo('close_contact').at(-1)).toEqual({
      cmd: 'close_contact',
      args: { caseId: 3, contactId: 4, outcome: '调解成功', refundMethod: 'alipay' },
    });
    setLocale('en');
    await waitFor(() => expect(text(within(rows()[1]).getByTestId('contact-close-open'))).toBe('Record the outcome'));
  });

  it('shows warnings in the current language', async () => {
    openCase(contactHandlers(seeded, [warning]));
    await waitFor(() => expect(within(panel()).getAllByTestId('contact-warning')).toHaveLength(1));
    expect(text(within(panel()).getByTestId('contact-warning'))).toBe('⚠ 同一笔退款同时在多个渠道申请。');
    setLocale('en');
    await waitFor(() => expect(text(within(panel()).getByTestId('contact-warning'))).toBe(`⚠ ${warning.message}`));
  });

  it('opens linked evidence in the viewer', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    const open = within(rows()[0]).getByTestId('contact-open');
    expect(text(open)).toBe('查看“客服聊天.csv”');
    await fireEvent.click(open);
    await waitFor(() => expect(backend.callsTo('item_details').at(-1)?.args).toEqual({ itemId: 7 }));
  });

  it('sends the right NewContact, refreshes the log and the page', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    const f = within(form());
    const today = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    expect((f.getByTestId('contact-date') as HTMLInputElement).value).toBe(
      `${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`,
    );
    // Only active items are offered.
    expect(f.getAllByTestId('contact-item')).toHaveLength(2);
    const timelineCalls = backend.callsTo('case_timeline').length;
    const checkCalls = backend.callsTo('check_case').length;

    await fireEvent.change(f.getByTestId('contact-step'), { target: { value: 'consumer_association' } });
    await fireEvent.input(f.getByTestId('contact-channel'), { target: { value: '  Hotline  ' } });
    await fireEvent.input(f.getByTestId('contact-date'), { target: { value: '2026-11-22' } });
    await fireEvent.input(f.getByTestId('contact-ticket'), { target: { value: '   ' } });
    await fireEvent.change(f.getByTestId('contact-refund-method'), { target: { value: 'alipay' } });
    await fireEvent.click(f.getAllByTestId('contact-item')[1]);
    await fireEvent.click(f.getAllByTestId('contact-item')[0]);
    await fireEvent.click(f.getByTestId('contact-submit'));

    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(backend.callsTo('log_contact')[0].args).toEqual({
      caseId: 3,
      contact: {
        step: 'consumer_association',
        channel: 'Hotline',
        date: '2026-11-22',
        ticket: null,
        outcome: null,
        refund_method: 'alipay',
        items: [1, 7],
      } satisfies NewContact,
    });
    expect(text(within(rows()[4]).getByTestId('contact-step-label'))).toBe('消费者协会');
    await waitFor(() => expect(backend.callsTo('case_timeline').length).toBeGreaterThan(timelineCalls));
    expect(backend.callsTo('check_case').length).toBeGreaterThan(checkCalls);
    // The form is cleared for the next step.
    expect((f.getByTestId('contact-channel') as HTMLInputElement).value).toBe('');
    expect((f.getByTestId('contact-refund-method') as HTMLSelectElement).value).toBe('');
    expect(f.getAllByTestId('contact-item').every((c) => !(c as HTMLInputElement).checked)).toBe(true);
  });

  it('shows a backend rejection inline in the current language', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(within(form()).getByTestId('contact-submit'));
    await waitFor(() => expect(within(form()).getByTestId('contact-error')).toBeTruthy());
    expect(text(within(form()).getByTestId('contact-error'))).toBe('⚠ 未保存：联系记录无效：渠道为空');
    expect(backend.callsTo('log_contact')[0].args.contact).toMatchObject({ channel: '', ticket: null, items: [] });
    setLocale('en');
    await waitFor(() =>
      expect(text(within(form()).getByTestId('contact-error'))).toBe(
        '⚠ Not saved: invalid contact: the channel is empty',
      ),
    );
    expect(rows()).toHaveLength(4);
  });

  it('keeps user text literal', async () => {
    openCase(contactHandlers([contact({ id: 1, channel: EVIL, ticket: EVIL, outcome: EVIL })]));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(text(within(rows()[0]).getByTestId('contact-channel-text'))).toBe(EVIL);
    expect(text(within(rows()[0]).getByTestId('contact-outcome-text'))).toBe(EVIL);
    expect(panel().querySelector('img')).toBeNull();
  });
});
