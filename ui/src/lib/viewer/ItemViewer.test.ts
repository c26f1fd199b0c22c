import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import type { Item } from '../bindings/Item';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, fakeBackend, type EvidenceState } from '../../test/backend';
import { renderCase } from '../../test/render';
import {
  HASH_B,
  SCRIPT_TEXT,
  chatFacts,
  chatTranscript,
  makeCase,
  makeDerived,
  makeItem,
  picture,
  wechatBill,
  wechatBillMatches,
} from '../../test/fixtures';

const record = makeCase({ id: 3, order_no: 'KM20261102001', amount: '68.00' });

const screenshot = makeItem({ id: 1, case_id: 3, original_name: '支付截图.png' });
const chat = makeItem({
  id: 7,
  case_id: 3,
  original_name: '客服聊天.csv',
  media_type: 'text/csv',
  sha256: HASH_B,
  category: 'communication',
  category_source: 'suggested',
});
const bill = makeItem({
  id: 8,
  case_id: 3,
  original_name: '微信支付账单.csv',
  media_type: 'text/csv',
  sha256: HASH_B,
  category: 'purchase',
  category_source: 'suggested',
});
const notes = makeItem({
  id: 9,
  case_id: 3,
  original_name: 'notes.txt',
  media_type: 'text/plain',
  sha256: HASH_B,
  category: 'other',
});
const heic = makeItem({ id: 10, case_id: 3, original_name: 'IMG_0001.HEIC', media_type: 'image/heic' });

function state(): EvidenceState {
  return {
    record,
    items: [screenshot, chat, bill, notes, heic],
    details: {
      1: { derived: makeDerived('image', picture), facts: [], suggestion: null },
      7: {
        derived: makeDerived('transcript', chatTranscript, { format: 'wechatmsg_csv', encoding: 'UTF-8' }),
        facts: chatFacts(7),
        suggestion: {
          category: 'communication',
          reason: 'a chat export with customer service',
          reason_zh: '与客服的聊天记录',
        },
      },
      8: {
        derived: makeDerived('bill', wechatBill, { format: 'wechat_csv' }),
        facts: [],
        bill_matches: wechatBillMatches,
        suggestion: { category: 'purchase', reason: 'a WeChat Pay bill', reason_zh: '微信支付账单' },
      },
      9: {
        derived: makeDerived('text', '付款后一直没开通\n商家电话打不通 \uFFFD\uFFFD', {
          encoding: 'GB18030',
          had_errors: true,
          reason: 'not a recognised chat or bill layout: kept as plain text',
          reason_zh: '不是可识别的聊天记录或账单格式：按纯文本保存',
        }),
        facts: [],
        suggestion: null,
      },
      10: {
        derived: makeDerived(
          'image',
          {
            ...picture,
            thumbs: [],
            preview_error: 'no preview for image/heic on this computer; the original is stored',
            preview_error_zh: '本机无法预览 image/heic；原件已保存',
          },
          {
            reason: 'no preview for image/heic on this computer; the original is stored',
            reason_zh: '本机无法预览 image/heic；原件已保存',
          },
        ),
        facts: [],
        suggestion: null,
      },
    },
  };
}

function openCase(s: EvidenceState = state()) {
  return renderCase(evidenceHandlers(s));
}

const card = (id: number) => document.querySelector<HTMLElement>(`[data-testid="grid-card"][data-item-id="${id}"]`);

async function openViewer(id: number) {
  await screen.findAllByTestId('grid-card');
  await fireEvent.click(card(id)!);
  const viewer = await screen.findByTestId('item-viewer');
  await within(viewer).findByTestId('item-meta');
  return viewer;
}

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('item viewer: transcript', () => {
  it('marks refusals and ticket numbers inside the text and keeps markup literal', async () => {
    await openCase();
    const viewer = await openViewer(7);

    const messages = within(viewer).getAllByTestId('message');
    expect(messages).toHaveLength(4);
    expect(messages[0].classList.contains('self')).toBe(true);
    expect(messages[1].classList.contains('other')).toBe(true);

    const marks = [...messages[1].querySelectorAll('mark')];
    expect(marks.map((m) => [m.textContent, m.dataset.kind])).toEqual([
      ['无法退款', 'refusal'],
      ['GD-88123', 'ticket_no'],
    ]);
    // The marks split the text; nothing is lost or added around them.
    expect(messages[1].querySelector('.msg-text')!.textContent).toBe(chatTranscript.messages[1].text);
    expect(messages[0].querySelector('mark')!.textContent).toBe('KM20261102001');

    // Hostile text stays text: no <script> element, the characters are shown as typed.
    expect(viewer.querySelector('script')).toBeNull();
    expect(messages[2].querySelector('.msg-text')!.textContent).toBe(SCRIPT_TEXT);
    expect(within(messages[2]).getByText('时间未知')).toBeTruthy();

    // Time in the user's locale (test zone UTC), with the assumed-offset note.
    expect(messages[1].textContent).toContain('2026年11月3日 02:05');
    expect(within(messages[1]).getByText('（按 UTC+8）')).toBeTruthy();
    expect(within(viewer).getByText(/导出文件只记录了当地时间/)).toBeTruthy();

    const chip = within(messages[3]).getByTestId('media-chip');
    expect(chip.textContent).toContain('图片');
    expect(within(viewer).getByTestId('warnings').textContent).toBe('第 12 行：没有找到时间');
    expect(within(viewer).getByTestId('derived-label').textContent).toContain(
      `由原件派生 · sha256 ${HASH_B.slice(0, 12)}`,
    );

    // The item's facts, with kind, value and context.
    const facts = within(viewer).getByTestId('item-facts');
    expect(within(facts).getByText('拒绝退款的说法')).toBeTruthy();
    expect(within(facts).getByText('GD-88123')).toBeTruthy();
    expect(within(facts).getByText('已为您登记工单号 GD-88123，请耐心等待。')).toBeTruthy();
    expect(within(facts).getAllByText('第 2 条消息')).toHaveLength(2);
  });

  it("shows the parser's warnings in the current language", async () => {
    setLocale('en');
    await openCase();
    const viewer = await openViewer(7);
    expect(within(viewer).getByTestId('warnings').textContent).toBe('line 12: no time found');
  });

  it('shows name, size, type, times and the full hash', async () => {
    await openCase();
    const viewer = await openViewer(7);
    expect(within(viewer).getByRole('heading', { level: 2 }).textContent?.trim()).toBe('客服聊天.csv');
    const meta = within(viewer).getByTestId('item-meta');
    expect(within(meta).getByText('240 KB')).toBeTruthy();
    expect(within(meta).getByText('text/csv')).toBeTruthy();
    expect(within(meta).getByTestId('full-hash').textContent).toBe(HASH_B);
    expect(within(meta).getByText('2026年11月21日 03:30')).toBeTruthy();
    expect(within(meta).getByText('2026年11月2日 06:12')).toBeTruthy();
  });
});

describe('item viewer: dates that read two ways', () => {
  /** A WhatsApp chat whose 04/11/2026 the core read day-first because of the purchase date. */
  function whatsappState(): EvidenceState {
    const s = state();
    const transcript = structuredClone(chatTranscript);
    transcript.format = 'whatsapp_txt';
    transcript.messages[1].time = '2026-11-04T10:05:00+08:00';
    transcript.dates = {
      order: 'day_month',
      basis: 'case',
      notice: 'The dates in this chat can be read either way; read as day/month (the chat starts 2026-11-04).',
      notice_zh: '此聊天中的日期有两种读法；已按“日/月”读取（聊天始于 2026-11-04）。',
    };
    s.details![7] = { ...s.details![7], derived: makeDerived('transcript', transcript, { format: 'whatsapp_txt' }) };
    return s;
  }

  it('says which reading was used and switches to the other one, recorded', async () => {
    const backend = openCase(whatsappState());
    const viewer = await openViewer(7);
    const notice = within(viewer).getByTestId('date-reading');
    expect(notice.textContent).toContain('已按“日/月”读取（聊天始于 2026-11-04）');
    expect(within(viewer).getAllByTestId('message')[1].textContent).toContain('2026年11月4日');

    const button = within(notice).getByRole('button', { name: '改按“月/日”读取日期' });
    await fireEvent.click(button);
    await waitFor(() => expect(within(viewer).getByTestId('date-reading').dataset.order).toBe('month_day'));
    expect(backend.callsTo('set_date_order').map((c) => c.args)).toEqual([{ itemId: 7, order: 'month_day' }]);
    // The viewer read the item again: the message moved to April 11 and the notice says why.
    expect(within(viewer).getAllByTestId('message')[1].textContent).toContain('2026年4月11日');
    expect(within(viewer).getByTestId('date-reading').textContent).toContain('这是您选择的读法');
    expect(within(viewer).getByRole('button', { name: '改按“日/月”读取日期' })).toBeTruthy();
  });

  it('speaks English too, and a chat without ambiguous dates shows no switch', async () => {
    setLocale('en');
    await renderCase(evidenceHandlers(whatsappState()));
    const viewer = await openViewer(7);
    expect(within(viewer).getByTestId('date-reading').textContent).toContain('read as day/month');
    expect(within(viewer).getByRole('button', { name: 'Read the dates as month/day' })).toBeTruthy();
    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    await openCase();
    const plain = await openViewer(7);
    expect(within(plain).queryByTestId('date-reading')).toBeNull();
  });
});

describe('item viewer: bill', () => {
  const rowsOf = (viewer: HTMLElement) => within(viewer).getAllByTestId('bill-row');
  const box = (row: HTMLElement) => within(row).getByRole('checkbox', { name: '属于本案' }) as HTMLInputElement;

  it('marks the rows Rust says match the case, with which fields, in the current language', async () => {
    await openCase();
    const viewer = await openViewer(8);
    const rows = rowsOf(viewer);
    expect(rows.map((r) => r.dataset.match)).toEqual(['true', 'true', 'true']);
    expect(within(rows[0]).getByTestId('row-match').textContent).toContain('与本案相符：订单号、金额、日期');
    // Row 2 only shares the date: the UI would not have matched it itself.
    expect(within(rows[1]).getByTestId('row-match').textContent).toContain('与本案相符：日期');
    expect(within(rows[2]).getByTestId('row-match').textContent).toContain('与本案相符：金额');
    expect(within(rows[0]).getByText('¥68.00')).toBeTruthy();
    expect(within(rows[0]).getByText('KM20261102001')).toBeTruthy();
    expect(within(rows[0]).getByText('支出')).toBeTruthy();
    expect(within(rows[2]).getByText('收入')).toBeTruthy();
    expect(within(viewer).getByText(/3 行，其中 3 行与本案相符/)).toBeTruthy();
    // The format by its name, not the stored code.
    expect(within(viewer).getByTestId('format').textContent).toBe('微信支付账单（CSV）');
    expect(viewer.textContent).not.toContain('wechat_csv');

    // Nothing confirmed yet: every row has an unchecked, labelled box, and the hint asks.
    expect(rows.map((r) => box(r).checked)).toEqual([false, false, false]);
    expect(within(viewer).getByTestId('bill-hint').textContent).toContain(
      'Proofpack 找到了与本案相符的行：请勾选其中属于你这笔购买的行。',
    );

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(within(rows[0]).getByTestId('row-match').textContent).toContain(
      'Matches this case: order no., amount, date',
    );
    expect(within(viewer).getByTestId('format').textContent).toBe('WeChat Pay bill (CSV)');
    expect(within(rows[0]).getByRole('checkbox', { name: 'Belongs to this case' })).toBeTruthy();
    expect(within(viewer).getByTestId('bill-hint').textContent).toContain(
      'Proofpack found rows that match this case: confirm the ones that are your purchase.',
    );
  });

  it('shows only what Rust matched, never its own guess', async () => {
    const s = state();
    // Row 1 carries the case's order number and amount, but Rust did not propose it.
    s.details![8].bill_matches = [{ row: 2, fields: ['date'] }];
    await openCase(s);
    const viewer = await openViewer(8);
    const rows = rowsOf(viewer);
    expect(rows.map((r) => r.dataset.match)).toEqual(['false', 'true', 'false']);
    expect(within(rows[0]).queryByTestId('row-match')).toBeNull();
    expect(within(viewer).getByText(/3 行，其中 1 行与本案相符/)).toBeTruthy();

    await fireEvent.click(within(viewer).getByLabelText('只看与本案相符或属于本案的行'));
    expect(rowsOf(viewer).map((r) => r.dataset.row)).toEqual(['2']);
  });

  it('confirms a row with the full list, keeps it checked, and unchecking sends []', async () => {
    const backend = await openCase();
    const viewer = await openViewer(8);
    const first = rowsOf(viewer)[0];

    await fireEvent.click(box(first));
    expect(backend.callsTo('confirm_bill_rows').map((c) => c.args)).toEqual([{ itemId: 8, rows: [1] }]);
    await waitFor(() => expect(box(first).disabled).toBe(false));
    expect(box(first).checked).toBe(true);
    expect(first.dataset.belongs).toBe('true');
    expect(within(viewer).queryByTestId('bill-hint')).toBeNull();
    expect(within(viewer).getByText(/已确认 1 行属于本案/)).toBeTruthy();

    // A second row is added to the list, not sent alone.
    const third = rowsOf(viewer)[2];
    await fireEvent.click(box(third));
    await waitFor(() => expect(backend.callsTo('confirm_bill_rows')).toHaveLength(2));
    expect(backend.callsTo('confirm_bill_rows')[1].args).toEqual({ itemId: 8, rows: [1, 3] });
    await waitFor(() => expect(box(third).disabled).toBe(false));
    await fireEvent.click(box(third));
    await waitFor(() => expect(backend.callsTo('confirm_bill_rows')).toHaveLength(3));
    await waitFor(() => expect(box(third).disabled).toBe(false));
    expect(box(third).checked).toBe(false);

    // Reopened, the viewer shows what the backend stored.
    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    const again = await openViewer(8);
    expect(rowsOf(again).map((r) => box(r).checked)).toEqual([true, false, false]);

    await fireEvent.click(box(rowsOf(again)[0]));
    await waitFor(() => expect(backend.callsTo('confirm_bill_rows')).toHaveLength(4));
    expect(backend.callsTo('confirm_bill_rows')[3].args).toEqual({ itemId: 8, rows: [] });
    await waitFor(() => expect(box(rowsOf(again)[0]).disabled).toBe(false));
    expect(box(rowsOf(again)[0]).checked).toBe(false);
    expect(within(again).getByTestId('bill-hint')).toBeTruthy();
  });

  it('disables the boxes while saving', async () => {
    let finish: () => void = () => {};
    const handlers = evidenceHandlers(state());
    fakeBackend({
      ...handlers,
      confirm_bill_rows: (args) =>
        new Promise((resolve) => {
          finish = () => resolve(handlers.confirm_bill_rows(args));
        }),
    });
    nav.openCase(3);
    render(App);
    const viewer = await openViewer(8);
    await fireEvent.click(box(rowsOf(viewer)[1]));
    await waitFor(() => expect(rowsOf(viewer).every((r) => box(r).disabled)).toBe(true));
    expect(box(rowsOf(viewer)[1]).checked).toBe(true);
    expect(within(viewer).getByRole('status').textContent).toContain('正在保存…');
    finish();
    await waitFor(() => expect(rowsOf(viewer).every((r) => !box(r).disabled)).toBe(true));
    expect(rowsOf(viewer).map((r) => box(r).checked)).toEqual([false, true, false]);
    expect(within(viewer).getByRole('status').textContent).toBe('');
  });

  it('shows a rejected confirmation in the current language and unchecks the box', async () => {
    const backend = fakeBackend({
      ...evidenceHandlers(state()),
      confirm_bill_rows: () => {
        throw {
          code: 'invalid_input',
          message: 'invalid row: the bill has no row 1',
          message_zh: '账单行无效：账单中没有第 1 行',
        };
      },
    });
    nav.openCase(3);
    render(App);
    const viewer = await openViewer(8);
    const first = rowsOf(viewer)[0];
    await fireEvent.click(box(first));
    const alert = await within(viewer).findByRole('alert');
    expect(alert.textContent).toContain('未能保存哪些行属于本案：账单行无效：账单中没有第 1 行');
    expect(backend.callsTo('confirm_bill_rows')).toHaveLength(1);
    await waitFor(() => expect(box(first).disabled).toBe(false));
    expect(box(first).checked).toBe(false);
    expect(first.dataset.belongs).toBe('false');

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(alert.textContent).toContain(
      'Could not save which rows belong to this case: invalid row: the bill has no row 1',
    );
  });
});

describe('item viewer: pictures and text', () => {
  it('shows the original picture with zoom, falling back to the preview', async () => {
    await openCase();
    const viewer = await openViewer(1);
    const img = within(viewer).getByTestId('original-img') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('pp://localhost/original%2F1');
    expect(within(viewer).getByTestId('derived-label').textContent).toContain('原件，未经改动');
    expect(within(viewer).getByText('1080 × 2340')).toBeTruthy();

    const fit = within(viewer).getByRole('button', { name: '适应窗口' });
    // Said once: the pressed button, not again beside it.
    expect(within(viewer).getAllByText('适应窗口')).toHaveLength(1);
    const actual = within(viewer).getByRole('button', { name: '100%' });
    expect(fit.getAttribute('aria-pressed')).toBe('true');
    Object.defineProperty(img, 'naturalWidth', { value: 1080, configurable: true });
    await fireEvent.load(img);
    await fireEvent.click(actual);
    expect(actual.getAttribute('aria-pressed')).toBe('true');
    expect(img.style.width).toBe('1080px');
    await fireEvent.click(within(viewer).getByRole('button', { name: '放大' }));
    expect(img.style.width).toBe('1350px');
    expect(within(viewer).getByText('125%')).toBeTruthy();
    await fireEvent.click(within(viewer).getByRole('button', { name: '缩小' }));
    await fireEvent.click(within(viewer).getByRole('button', { name: '缩小' }));
    expect(within(viewer).getByText('80%')).toBeTruthy();
    await fireEvent.click(fit);
    expect(img.style.width).toBe('');

    // The webview could not show the original: the 1024 px preview stands in, labelled derived.
    await fireEvent.error(img);
    const preview = within(viewer).getByTestId('original-img');
    expect(preview.getAttribute('src')).toBe('pp://localhost/thumb%2F1%2F1024');
    expect(within(viewer).getByTestId('derived-label').textContent).toContain('由原件派生');
  });

  it("shows a picture's own time and where it was read, the file name being weaker than EXIF", async () => {
    const s = state();
    s.details![1] = { ...s.details![1], source_time: { at: '2026-11-04T10:22:33', source: 'file_name' } };
    await openCase(s);
    const viewer = await openViewer(1);
    const taken = within(viewer).getByTestId('taken-at');
    expect(taken.textContent).toContain('2026年11月4日');
    expect(taken.textContent).toContain('来自文件名');
    setLocale('en');
    await waitFor(() => expect(within(viewer).getByTestId('taken-at').textContent).toContain('from the file name'));
    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    await openCase();
    const none = await openViewer(1);
    expect(within(none).getByTestId('taken-at').textContent).toContain('—');
  });

  it('says why a picture has no preview, in the current language', async () => {
    await openCase();
    const viewer = await openViewer(10);
    expect(within(viewer).queryByTestId('original-img')).toBeNull();
    const why = within(viewer).getByTestId('no-preview');
    expect(why.textContent).toContain('无法预览：本机无法预览 image/heic；原件已保存');
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(why.textContent).toContain('No preview: no preview for image/heic on this computer');
  });

  it('shows decoded text wrapped, with a notice about undecodable bytes', async () => {
    await openCase();
    const viewer = await openViewer(9);
    const pre = within(viewer).getByTestId('text-view');
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe('付款后一直没开通\n商家电话打不通 \uFFFD\uFFFD');
    expect(within(viewer).getByTestId('decode-errors').textContent).toContain('有些字节无法解码，显示为 �');
    expect(within(viewer).getByText('文字编码：GB18030')).toBeTruthy();
    expect(within(viewer).getByText(/按纯文本保存/)).toBeTruthy();
  });

  it('explains an item that has no derived data yet', async () => {
    const s = state();
    delete s.details![9];
    await openCase(s);
    const viewer = await openViewer(9);
    expect(within(viewer).getByTestId('no-preview').textContent).toContain('这类文件没有可显示的内容视图');
    expect(within(viewer).getByText('没有找到订单号、金额、工单号、拒绝退款的说法、承诺或日期。')).toBeTruthy();
  });
});

describe('item viewer: text read from a picture', () => {
  const read = {
    sha256: screenshot.sha256,
    text: {
      engine: 'paddle-rten/1',
      model: 'PP-OCRv6-tiny',
      width: 750,
      height: 1000,
      lines: [
        { text: '支付成功', confidence: 0.99, x: 296, y: 305, w: 141, h: 43 },
        { text: '订单号：KM20261102001', confidence: 0.97, x: 56, y: 233, w: 351, h: 32 },
        { text: SCRIPT_TEXT, confidence: 0.55, x: 60, y: 400, w: 300, h: 30 },
      ],
    },
    reason: null,
    reason_zh: null,
    chat: null,
  };
  const withText = (): EvidenceState => {
    const s = state();
    s.details![1] = {
      ...s.details![1],
      ocr: read,
      facts: [{ item_id: 1, kind: 'order_no', value: 'KM20261102001', snippet: '订单号', source: 'ocr', position: 1 }],
    };
    return s;
  };

  it('lists the lines as machine-read text, marking facts and unsure lines, and overlays the boxes', async () => {
    await openCase(withText());
    const viewer = await openViewer(1);
    const lines = within(viewer).getAllByTestId('ocr-line');
    expect(lines.map((l) => l.firstChild?.textContent?.trim() || l.textContent!.trim().split('（')[0])).toEqual([
      '支付成功',
      '订单号：KM20261102001',
      SCRIPT_TEXT,
    ]);
    expect(lines[1].querySelector('mark')!.textContent).toBe('订单号：KM20261102001');
    expect(lines[0].querySelector('mark')).toBeNull();
    expect(lines[2].textContent).toContain('不确定');
    // Markup in recognised text stays text.
    expect(viewer.querySelector('script')).toBeNull();
    expect(within(viewer).getByTestId('ocr-text').textContent).toContain('自动识别');
    expect(within(viewer).queryByTestId('ocr-boxes')).toBeNull();
    await fireEvent.click(within(viewer).getByTestId('ocr-boxes-toggle'));
    const boxes = [...within(viewer).getByTestId('ocr-boxes').querySelectorAll<HTMLElement>('.ocr-box')];
    expect(boxes).toHaveLength(3);
    expect(boxes[1].classList.contains('fact')).toBe(true);
    expect(boxes[2].classList.contains('unsure')).toBe(true);
    await waitFor(() => expect(boxes[0].style.left).toBe(`${(296 / 750) * 100}%`));
    expect(boxes[0].style.height).toBe(`${(43 / 1000) * 100}%`);
  });

  it('a fact read from the picture shows its box: boxes turn on and its box is marked', async () => {
    await openCase(withText());
    const viewer = await openViewer(1);
    expect(within(viewer).queryByTestId('ocr-boxes')).toBeNull();
    const show = within(within(viewer).getByTestId('item-facts')).getByTestId('fact-show');
    expect(show.textContent!.trim()).toBe('在图片中显示');
    await fireEvent.click(show);
    await waitFor(() => expect(within(viewer).getByTestId('ocr-boxes')).toBeTruthy());
    const focused = viewer.querySelectorAll('.ocr-box.focused');
    expect([...focused].map((b) => (b as HTMLElement).dataset.line)).toEqual(['1']);
  });

  it('a misread fact is corrected: sent with the fact as found, shown with what was read', async () => {
    const backend = await openCase(withText());
    const viewer = await openViewer(1);
    const facts = within(viewer).getByTestId('item-facts');
    await fireEvent.click(within(facts).getByTestId('fact-fix'));
    const input = within(facts).getByTestId('fact-fix-input') as HTMLInputElement;
    expect(input.value).toBe('KM20261102001');
    await fireEvent.input(input, { target: { value: 'KM20261102007' } });
    await fireEvent.click(within(facts).getByTestId('fact-fix-save'));
    await waitFor(() => expect(within(viewer).getByTestId('fact-value').textContent).toBe('KM20261102007'));
    const [call] = backend.callsTo('fix_fact');
    expect(call.args).toMatchObject({
      itemId: 1,
      value: 'KM20261102007',
      fact: { kind: 'order_no', value: 'KM20261102001', position: 1 },
    });
    expect(within(viewer).getByTestId('fact-fixed').textContent!.trim()).toBe('（已由您更正；识别为 KM20261102001）');
    // Corrected already: no "confirm" offered for it.
    expect(within(viewer).queryByTestId('fact-confirm')).toBeNull();
  });

  it('a chat capture shows its transcript beside the picture, sides and marked facts included', async () => {
    const s = state();
    const lines = [
      { text: '抱歉，该订单不支持退款', confidence: 0.98, x: 70, y: 200, w: 460, h: 50 },
      { text: '请书面说明不予退款的理由', confidence: 0.98, x: 590, y: 400, w: 500, h: 50 },
    ];
    s.details![1] = {
      ...s.details![1],
      ocr: {
        ...read,
        text: { ...read.text, lines },
        chat: {
          transcript: {
            format: 'ocr_capture',
            title: null,
            warnings: [],
            dates: null,
            messages: [
              {
                time: '2026-11-04T10:20:00+08:00',
                offset_assumed: true,
                sender: '',
                from_self: false,
                text: lines[0].text,
                media: null,
              },
              {
                time: '2026-11-04T10:20:00+08:00',
                offset_assumed: true,
                sender: '',
                from_self: true,
                text: lines[1].text,
                media: null,
              },
            ],
          },
          lines: [[0], [1]],
        },
      },
      facts: [{ item_id: 1, kind: 'refusal', value: '不支持退款', snippet: lines[0].text, source: 'ocr', position: 0 }],
    };
    await openCase(s);
    const viewer = await openViewer(1);
    const chatView = within(viewer).getByTestId('capture-chat');
    const messages = within(chatView).getAllByTestId('message');
    expect(messages.map((m) => [m.classList.contains('self'), m.classList.contains('other')])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(messages[0].textContent).toContain('对方');
    // The refusal is marked in support's message only.
    expect(messages[0].querySelector('mark')!.textContent).toBe('不支持退款');
    expect(messages[1].querySelector('mark')).toBeNull();
    expect(chatView.textContent).toContain('左侧气泡为对方');
  });

  it('says why a picture could not be read, in the current language', async () => {
    const s = state();
    s.details![1] = {
      ...s.details![1],
      ocr: {
        sha256: screenshot.sha256,
        text: null,
        reason: 'its text cannot be read: x',
        reason_zh: '无法识别文字：x',
        chat: null,
      },
    };
    await openCase(s);
    const viewer = await openViewer(1);
    expect(within(viewer).getByTestId('ocr-reason').textContent).toBe('无法识别文字：x');
    expect(within(viewer).queryByTestId('ocr-boxes-toggle')).toBeNull();
  });
});

describe('item viewer: the note', () => {
  it('adds and edits a note; the saved text shows and is sent as typed', async () => {
    const backend = await openCase();
    const viewer = await openViewer(1);
    expect(within(viewer).getByTestId('viewer-note').textContent).toBe('—');
    await fireEvent.click(within(viewer).getByTestId('note-edit'));
    const field = within(viewer).getByTestId('note-field') as HTMLTextAreaElement;
    await fireEvent.input(field, { target: { value: ' 订单页：订单号 KM20261102001 <b>x</b> ' } });
    await fireEvent.click(within(viewer).getByTestId('note-save'));
    await waitFor(() => expect(within(viewer).queryByTestId('note-form')).toBeNull());
    expect(backend.callsTo('set_note').map((c) => c.args)).toEqual([
      { itemId: 1, note: ' 订单页：订单号 KM20261102001 <b>x</b> ' },
    ]);
    expect(within(viewer).getByTestId('viewer-note').textContent).toBe('订单页：订单号 KM20261102001 <b>x</b>');
    expect(viewer.querySelector('b')).toBeNull();
    expect(within(viewer).getByTestId('note-edit').textContent!.trim()).toBe('编辑备注');
  });
});

describe('suggested categories', () => {
  it('accepting a suggestion confirms the same category and removes the marker', async () => {
    const backend = await openCase();
    await screen.findAllByTestId('grid-card');
    expect(within(card(7)!).getByTestId('suggested-mark').textContent).toContain('建议·待确认');
    expect(within(card(1)!).queryByTestId('suggested-mark')).toBeNull();

    const viewer = await openViewer(7);
    const suggestion = within(viewer).getByTestId('suggestion');
    expect(suggestion.textContent).toContain('建议归类：');
    expect(suggestion.textContent).toContain('沟通记录');
    expect(suggestion.textContent).toContain('与客服的聊天记录');
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(suggestion.textContent).toContain('Suggested:');
    expect(suggestion.textContent).toContain('a chat export with customer service');
    await fireEvent.click(screen.getByTestId('lang-switch'));

    await fireEvent.click(within(viewer).getByTestId('accept-suggestion'));
    expect(backend.callsTo('recategorize_item').map((c) => c.args)).toEqual([{ itemId: 7, category: 'communication' }]);
    await waitFor(() => expect(within(viewer).queryByTestId('suggestion')).toBeNull());
    expect(within(viewer).getByTestId('change-category')).toBeTruthy();

    // Esc closes the viewer, focus returns to the card, which lost its marker.
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('item-viewer')).toBeNull();
    expect(document.activeElement).toBe(card(7));
    expect(within(card(7)!).queryByTestId('suggested-mark')).toBeNull();
    // The ledger view and the facts are refreshed after the change.
    await waitFor(() => expect(backend.callsTo('case_facts').length).toBeGreaterThan(1));
  });

  it('a withdrawn item shows its category and offers nothing to accept or change', async () => {
    const s = state();
    s.items = s.items.map((it) =>
      it.id === 7
        ? { ...it, status: 'withdrawn', withdrawn_reason: '传错了', withdrawn_at: '2026-11-22T00:00:00Z' }
        : it,
    );
    await openCase(s);
    const viewer = await openViewer(7);
    expect(within(viewer).getByTestId('withdrawn-category').textContent).toContain('已撤回：不再计入任何类别。');
    expect(within(viewer).queryByTestId('accept-suggestion')).toBeNull();
    expect(within(viewer).queryByTestId('change-category')).toBeNull();
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(within(viewer).getByTestId('withdrawn-category').textContent).toContain('no longer counts');
  });

  it('change-category sends the new category, for suggested and user-set items alike', async () => {
    const backend = await openCase();
    const viewer = await openViewer(8);
    const select = within(viewer).getByTestId('change-category') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.value);
    expect(options).toEqual(['', 'non_delivery', 'communication', 'other']);
    await fireEvent.change(select, { target: { value: 'other' } });
    await waitFor(() => expect(backend.callsTo('recategorize_item')).toHaveLength(1));
    expect(backend.callsTo('recategorize_item')[0].args).toEqual({ itemId: 8, category: 'other' });
    await waitFor(() => expect(within(viewer).queryByTestId('suggestion')).toBeNull());
    expect(within(viewer).getByText('其他', { selector: '.cat-label' })).toBeTruthy();

    // Now user-set: the select offers every other category.
    const again = within(viewer).getByTestId('change-category') as HTMLSelectElement;
    expect([...again.options].map((o) => o.value)).toEqual(['', 'purchase', 'non_delivery', 'communication']);
    await fireEvent.change(again, { target: { value: 'purchase' } });
    await waitFor(() => expect(backend.callsTo('recategorize_item')).toHaveLength(2));
    expect(backend.callsTo('recategorize_item')[1].args).toEqual({ itemId: 8, category: 'purchase' });

    await fireEvent.click(within(viewer).getByTestId('viewer-close'));
    expect(card(8)!.closest('[role="grid"]')).toBeTruthy();
  });

  it('shows a rejected change in the viewer', async () => {
    const handlers = evidenceHandlers(state());
    const backend = fakeBackend({
      ...handlers,
      recategorize_item: () => {
        throw { code: 'item_withdrawn', message: 'item 7 was withdrawn', message_zh: '证据 7 已撤回' };
      },
    });
    nav.openCase(3);
    render(App);
    const viewer = await openViewer(7);
    await fireEvent.click(within(viewer).getByTestId('accept-suggestion'));
    expect((await within(viewer).findByRole('alert')).textContent).toContain('证据 7 已撤回');
    expect(within(viewer).getByTestId('suggestion')).toBeTruthy();
    expect(backend.callsTo('recategorize_item')).toHaveLength(1);
  });
});

describe('withdrawing from the viewer', () => {
  it('asks for a reason inline; Esc there cancels the form, not the viewer', async () => {
    const backend = await openCase();
    const viewer = await openViewer(1);
    await fireEvent.click(within(viewer).getByTestId('viewer-withdraw'));
    const input = within(viewer).getByLabelText('撤回原因');
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(within(viewer).queryByLabelText('撤回原因')).toBeNull();
    expect(screen.getByTestId('item-viewer')).toBeTruthy();

    await fireEvent.click(within(viewer).getByTestId('viewer-withdraw'));
    await fireEvent.input(within(viewer).getByLabelText('撤回原因'), { target: { value: '截错了' } });
    await fireEvent.click(within(viewer).getByRole('button', { name: '确认撤回' }));
    expect(await within(viewer).findByText('已撤回：截错了')).toBeTruthy();
    expect(backend.callsTo('withdraw_item')[0].args).toEqual({ itemId: 1, reason: '截错了' });
    expect(within(viewer).queryByTestId('viewer-withdraw')).toBeNull();

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(card(1)!.classList.contains('withdrawn')).toBe(true);
  });
});

describe('import summary', () => {
  it('lists the items filed by suggestion and opens them in the viewer', async () => {
    const s = state();
    const added: Item[] = [chat, bill];
    const backend = fakeBackend({
      ...evidenceHandlers(s),
      import_with_dialog: () => ({
        added,
        suggested: [
          { item_id: 7, suggestion: s.details![7].suggestion! },
          { item_id: 8, suggestion: s.details![8].suggestion! },
        ],
        duplicates: [],
        skipped: [],
        cancelled: false,
        ocr: [],
      }),
    });
    nav.openCase(3);
    render(App);
    await fireEvent.click(await screen.findByTestId('add-files'));
    const list = await screen.findByTestId('import-suggested');
    expect(screen.getByText('已按建议归类的文件（2）')).toBeTruthy();
    expect(screen.getByText(/打开查看器即可确认或更改/)).toBeTruthy();
    const rows = within(list).getAllByRole('listitem');
    expect(rows[0].textContent).toContain('客服聊天.csv');
    expect(rows[0].textContent).toContain('沟通记录');
    expect(rows[0].textContent).toContain('与客服的聊天记录');
    expect(within(rows[1]).getByTestId('suggested-mark')).toBeTruthy();
    expect(rows[1].textContent).toContain('微信支付账单');

    await fireEvent.click(within(rows[1]).getByRole('button', { name: '查看并确认' }));
    const viewer = await screen.findByTestId('item-viewer');
    await within(viewer).findByTestId('bill');
    expect(backend.callsTo('item_details')[0].args).toEqual({ itemId: 8 });
  });
});
