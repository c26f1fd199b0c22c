import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { ImportReport } from '../bindings/ImportReport';
import type { TimelineEvent } from '../bindings/TimelineEvent';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { EVIL_NAME, SCRIPT_TEXT, makeCase, makeItem } from '../../test/fixtures';
import { groupByDay, kindIcon, kindLabel, sourceLabel, sourceTime } from './timeline';

const record = makeCase({ id: 3 });
const items = [
  makeItem({ id: 1, case_id: 3, original_name: '订单截图.png', category: 'purchase' }),
  makeItem({ id: 2, case_id: 3, original_name: '微信账单.csv', media_type: 'text/csv', category: 'purchase' }),
  makeItem({ id: 7, case_id: 3, original_name: '客服聊天.csv', media_type: 'text/csv', category: 'communication' }),
];

function event(overrides: Partial<TimelineEvent>): TimelineEvent {
  return {
    at: '2026-11-02T14:29:00+08:00',
    offset_assumed: false,
    date_only: false,
    kind: 'purchase',
    title: 'Event',
    title_zh: '事件',
    detail: null,
    item_id: null,
    ...overrides,
  };
}

// Sorted by instant, as Rust sends them: two key events on 2 Nov, a ledger action, two on 3 Nov.
const events: TimelineEvent[] = [
  event({
    at: '2026-11-02T14:29:00+08:00',
    kind: 'purchase',
    item_id: 1,
    title: 'Ordered: annual video membership',
    title_zh: '下单：视频年卡',
    detail: 'KM20261102001 · ¥68.00',
  }),
  event({
    at: '2026-11-02T14:30:05+08:00',
    kind: 'payment',
    item_id: 2,
    title: 'Paid ¥68.00 by WeChat Pay',
    title_zh: '微信支付 ¥68.00',
    detail: '4200001234202611020001',
  }),
  event({
    at: '2026-11-02T23:00:00Z',
    kind: 'ledger',
    item_id: 7,
    title: 'Evidence added: 客服聊天.csv',
    title_zh: '添加证据：客服聊天.csv',
  }),
  event({
    at: '2026-11-03T10:05:00+08:00',
    offset_assumed: true,
    kind: 'refusal',
    item_id: 7,
    title: 'Support refused a refund',
    title_zh: '客服拒绝退款',
    detail: '亲，虚拟商品一经售出无法退款哦。\n请谅解',
  }),
  event({
    at: '2026-11-03T10:05:00+08:00',
    offset_assumed: true,
    kind: 'ticket',
    item_id: 7,
    title: 'Ticket GD-88123',
    title_zh: '工单号 GD-88123',
    detail: null,
  }),
];

function openCase(handlers: Record<string, Handler> = {}) {
  return renderCase({
    ...evidenceHandlers({ record, items }),
    case_timeline: () => events,
    ...handlers,
  });
}

const panel = () => screen.getByTestId('timeline');
const rows = () => within(panel()).queryAllByTestId('timeline-event');
const kinds = () => rows().map((r) => r.dataset.kind);
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const row = (kind: string) => rows().find((r) => r.dataset.kind === kind)!;
const keyOnly = () => within(panel()).getByTestId('timeline-key-only') as HTMLInputElement;

// Expectations in the user's zone are built with Intl, so they hold on any machine.
const localTime = (at: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
const localDay = (at: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(new Date(at));
/** "+08:00" style offset of the user's zone at that instant. */
function userOffset(d: Date): string {
  const m = -d.getTimezoneOffset();
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
/** The instant written with the user's own offset, as a source in the same zone would. */
function inUserZone(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:00${userOffset(d)}`;
}

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('timeline helpers', () => {
  it('reads the source clock and offset', () => {
    const s = sourceTime('2026-11-03T10:05:00+08:00')!;
    expect(s.offsetMinutes).toBe(480);
    expect(s.offsetLabel).toBe('+08:00');
    expect(s.wall.toISOString()).toBe('2026-11-03T10:05:00.000Z');
    expect(sourceTime('2026-11-21T03:30:00.123Z')).toMatchObject({ offsetMinutes: 0, offsetLabel: 'UTC' });
    expect(sourceTime('2026-11-03T10:05:00-05:30')!.offsetMinutes).toBe(-330);
    expect(sourceTime('yesterday')).toBeNull();
  });

  it('shows the source time only when its offset differs from the user zone', () => {
    const instant = new Date('2026-11-03T02:05:00Z');
    const same = inUserZone(instant);
    expect(sourceLabel(same, new Date(same), 'en')).toBeNull();
    // A zone that is certainly not the user's at that instant.
    const foreign = userOffset(instant) === '+08:00' ? '-05:00' : '+08:00';
    const at = foreign === '+08:00' ? '2026-11-03T10:05:00+08:00' : '2026-11-02T21:05:00-05:00';
    const label = sourceLabel(at, new Date(at), 'en')!;
    expect(label.endsWith(`${at.slice(11, 16)} ${foreign}`)).toBe(true);
  });

  it('adds the source date when it falls on another local day', () => {
    const at = '2026-11-04T01:30:00+08:00'; // 3 Nov 17:30 UTC
    const instant = new Date(at);
    const sameDay = instant.getDate() === 4;
    const label = sourceLabel(at, instant, 'en');
    if (userOffset(instant) === '+08:00') expect(label).toBeNull();
    else expect(label).toBe(sameDay ? '01:30 +08:00' : '11/04 01:30 +08:00');
  });

  it('groups consecutive events by local day and labels unknown kinds', () => {
    const groups = groupByDay(events);
    const days = new Set(events.map((e) => localDay(e.at, 'en')));
    expect(groups).toHaveLength(days.size);
    expect(groups.flatMap((g) => g.rows.map((r) => r.event))).toEqual(events);
    expect(kindLabel('ticket')).toBe('timeline.kind.ticket');
    expect(kindLabel('anchor')).toBe('timeline.kind.other');
    expect(kindIcon('anchor')).toBe('•');
  });
});

describe('timeline panel', () => {
  it('comes after the evidence and lists key events in order with kind labels in both languages', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(backend.callsTo('case_timeline')[0].args).toEqual({ caseId: 3 });
    const evidence = document.getElementById('evidence-h')!.closest('section')!;
    expect(evidence.compareDocumentPosition(panel()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // Key events only by default: the recorded action is hidden.
    expect(keyOnly().checked).toBe(true);
    expect(kinds()).toEqual(['purchase', 'payment', 'refusal', 'ticket']);
    const label = (kind: string) => text(within(row(kind)).getByTestId('timeline-kind'));
    expect(label('purchase')).toBe('◆ 购买');
    expect(label('payment')).toBe('¥ 付款');
    expect(label('refusal')).toBe('⊘ 拒绝退款');
    expect(label('ticket')).toBe('# 工单号');
    expect(text(within(row('purchase')).getByTestId('timeline-title'))).toBe('下单：视频年卡');
    expect(within(row('purchase')).getByTestId('timeline-time').textContent!.trim()).toBe(
      localTime(events[0].at, 'zh-CN'),
    );
    expect(within(row('purchase')).getByTestId('timeline-time').getAttribute('datetime')).toBe(events[0].at);
    expect(within(row('refusal')).getByTestId('timeline-detail').textContent).toBe(
      '亲，虚拟商品一经售出无法退款哦。\n请谅解',
    );

    // Grouped by day in the user's zone and locale.
    const dayHeadings = [...panel().querySelectorAll('.timeline-day h3')].map((h) => h.textContent);
    const keyDays = [...new Set([events[0], events[1], events[3], events[4]].map((e) => localDay(e.at, 'zh-CN')))];
    expect(dayHeadings).toEqual(keyDays);

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(label('purchase')).toBe('◆ Purchase');
    expect(label('payment')).toBe('¥ Payment');
    expect(label('refusal')).toBe('⊘ Refusal to refund');
    expect(label('ticket')).toBe('# Ticket number');
    expect(text(within(row('payment')).getByTestId('timeline-title'))).toBe('Paid ¥68.00 by WeChat Pay');
    expect(within(panel()).getByLabelText('Key events only')).toBe(keyOnly());
    expect([...panel().querySelectorAll('.timeline-day h3')].map((h) => h.textContent)).toEqual([
      ...new Set([events[0], events[1], events[3], events[4]].map((e) => localDay(e.at, 'en'))),
    ]);
  });

  it('shows the source time and offset when they differ from the user zone, and assumed offsets', async () => {
    const sameZone = inUserZone(new Date('2026-11-02T06:31:00Z'));
    const foreign = userOffset(new Date(events[0].at)) !== '+08:00';
    openCase({
      case_timeline: () => [events[0], event({ at: sameZone, kind: 'payment', title_zh: '同一时区的付款' }), events[3]],
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [purchase, payment, refusal] = rows();
    if (foreign) {
      // The source's date is added only when it is another day than the user's.
      expect(text(within(purchase).getByTestId('timeline-source'))).toMatch(/^来源时间：(11\/02 )?14:29 \+08:00$/);
      expect(text(within(refusal).getByTestId('timeline-source'))).toMatch(
        /^来源时间：(11\/03 )?10:05 \+08:00 ~ 时区为推定$/,
      );
    } else {
      expect(within(purchase).queryByTestId('timeline-source')).toBeNull();
      expect(text(within(refusal).getByTestId('timeline-source'))).toBe('~ 时区为推定');
    }
    // Written in the user's own zone: nothing to add.
    expect(within(payment).queryByTestId('timeline-source')).toBeNull();
    expect(within(refusal).getByText('时区为推定').closest('[title]')!.getAttribute('title')).toContain('UTC+8');

    await fireEvent.click(screen.getByTestId('lang-switch'));
    if (foreign)
      expect(text(within(purchase).getByTestId('timeline-source'))).toMatch(/^source: (11\/02 )?14:29 \+08:00$/);
    expect(text(within(refusal).getByTestId('timeline-source'))).toContain('offset assumed');
  });

  it('shows a purchase known only by its date on that day, with no clock time', async () => {
    const dateOnly = event({ at: '2026-11-02T00:00:00+08:00', offset_assumed: true, date_only: true });
    // The day is the purchase date wherever the user is (China's midnight is 1 Nov further west).
    expect(groupByDay([dateOnly])[0].key).toBe('2026-11-02');
    openCase({ case_timeline: () => [dateOnly] });
    await waitFor(() => expect(rows()).toHaveLength(1));
    const [purchase] = rows();
    expect(text(within(purchase).getByTestId('timeline-time'))).toBe('仅日期');
    expect(within(purchase).queryByTestId('timeline-source')).toBeNull();
    expect(purchase.textContent).not.toMatch(/\d{2}:\d{2}/);
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(text(within(purchase).getByTestId('timeline-time'))).toBe('date only');
  });

  it('renders hostile titles and details as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    openCase({
      case_timeline: () => [event({ title: evil, title_zh: evil, detail: SCRIPT_TEXT, item_id: 2 })],
      list_items: () => [makeItem({ id: 2, case_id: 3, original_name: EVIL_NAME })],
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]).getByTestId('timeline-title').textContent).toBe(evil);
    expect(within(rows()[0]).getByTestId('timeline-detail').textContent).toBe(SCRIPT_TEXT);
    expect(within(rows()[0]).getByTestId('timeline-open').textContent!.trim()).toBe(`查看“${EVIL_NAME}”`);
    expect(panel().querySelector('img, script')).toBeNull();
    // The grid may show the item's own thumbnail; nothing may come from the title.
    expect(document.querySelector('img[src="x"], img[onerror]')).toBeNull();
  });

  it('hides recorded actions while "key events only" is ticked', async () => {
    openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(kinds()).not.toContain('ledger');

    await fireEvent.click(within(panel()).getByLabelText('只看关键事件'));
    expect(keyOnly().checked).toBe(false);
    expect(kinds()).toEqual(['purchase', 'payment', 'ledger', 'refusal', 'ticket']);
    expect(text(within(row('ledger')).getByTestId('timeline-kind'))).toBe('✎ 操作记录');
    // The ledger's own UTC clock is not a source time.
    expect(within(row('ledger')).queryByTestId('timeline-source')).toBeNull();

    await fireEvent.click(keyOnly());
    expect(kinds()).toEqual(['purchase', 'payment', 'refusal', 'ticket']);
  });

  it('says what will appear when there is nothing yet', async () => {
    openCase({ case_timeline: () => [] });
    const empty = await within(await screen.findByTestId('timeline')).findByTestId('timeline-empty');
    expect(empty.textContent).toContain('购买、付款、拒绝退款、承诺和工单号');
    expect(within(panel()).queryByTestId('timeline-key-only')).toBeNull();
  });

  it('explains an empty key-only view when only recorded actions exist', async () => {
    openCase({ case_timeline: () => [events[2]] });
    const empty = await within(await screen.findByTestId('timeline')).findByTestId('timeline-empty');
    expect(empty.textContent).toContain('只有操作记录');
    await fireEvent.click(keyOnly());
    expect(kinds()).toEqual(['ledger']);
  });

  it('shows a failed load in the panel and retries', async () => {
    let fail = true;
    openCase({
      case_timeline: () => {
        if (fail) throw { code: 'io', message: 'disk error', message_zh: '磁盘错误' };
        return events;
      },
    });
    const alert = await within(await screen.findByTestId('timeline')).findByRole('alert');
    expect(alert.textContent).toContain('无法生成时间线：磁盘错误');
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: '重试' }));
    await waitFor(() => expect(rows()).toHaveLength(4));
  });

  it('opens the item viewer from an event and refetches after a recategorisation there', async () => {
    const backend = openCase();
    await waitFor(() => expect(rows()).toHaveLength(4));
    const link = within(row('payment')).getByRole('button', { name: '查看“微信账单.csv”' });
    expect(link.dataset.itemId).toBe('2');
    await fireEvent.click(link);
    const viewer = await screen.findByTestId('item-viewer');
    await waitFor(() => expect(backend.callsTo('item_details')[0].args).toEqual({ itemId: 2 }));
    expect(screen.getByTestId('timeline').closest('[hidden]')).toBeTruthy();

    const select = (await within(viewer).findByTestId('change-category')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'communication' } });
    await waitFor(() => expect(backend.callsTo('case_timeline')).toHaveLength(2));

    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    await waitFor(() => expect(document.activeElement).toBe(within(row('payment')).getByTestId('timeline-open')));
  });

  it('refetches after an import', async () => {
    const report: ImportReport = { added: [], suggested: [], duplicates: [], skipped: [], cancelled: false, ocr: [] };
    let list = events.slice(0, 2);
    const backend = openCase({ case_timeline: () => list, import_dropped: () => report });
    await waitFor(() => expect(rows()).toHaveLength(2));
    list = events;
    await backend.emit('proofpack://dropped', { count: 1 });
    await screen.findByTestId('import-summary');
    await waitFor(() => expect(kinds()).toEqual(['purchase', 'payment', 'refusal', 'ticket']));
    expect(backend.callsTo('case_timeline')).toHaveLength(2);
  });

  it('refetches after a case edit and a withdrawal', async () => {
    const backend = openCase({ update_case: () => ({ ...record, platform: '某卡盟官方' }) });
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(screen.getByRole('button', { name: '编辑' }));
    await fireEvent.input(screen.getByTestId('case-platform'), { target: { value: '某卡盟官方' } });
    await fireEvent.click(screen.getByTestId('case-submit'));
    await waitFor(() => expect(backend.callsTo('case_timeline')).toHaveLength(2));

    await fireEvent.click(within(row('purchase')).getByTestId('timeline-open'));
    const viewer = await screen.findByTestId('item-viewer');
    await fireEvent.click(await within(viewer).findByTestId('viewer-withdraw'));
    await fireEvent.input(within(viewer).getByLabelText('撤回原因'), { target: { value: '传错了' } });
    await fireEvent.click(within(viewer).getByRole('button', { name: '确认撤回' }));
    await waitFor(() => expect(backend.callsTo('case_timeline')).toHaveLength(3));
  });
});
