import { describe, expect, it } from 'vitest';
import { highlight, messageNeedles, normalizeAmount, readBill, readPicture, readText, readTranscript } from './derived';
import { fileKind } from '../evidence/fileKind';
import { chatFacts, chatTranscript, makeDerived, wechatBill } from '../../test/fixtures';

describe('highlight', () => {
  it('splits text around every occurrence, longest first, without losing characters', () => {
    const text = '不能退款，真的不能退。工单 A-1，A-1';
    const segs = highlight(text, [
      { value: '不能退', kind: 'refusal' },
      { value: '不能退款', kind: 'refusal' },
      { value: 'A-1', kind: 'ticket_no' },
    ]);
    expect(segs).toEqual([
      { text: '不能退款', kind: 'refusal' },
      { text: '，真的', kind: null },
      { text: '不能退', kind: 'refusal' },
      { text: '。工单 ', kind: null },
      { text: 'A-1', kind: 'ticket_no' },
      { text: '，', kind: null },
      { text: 'A-1', kind: 'ticket_no' },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('matches English phrases regardless of case, as Rust found them', () => {
    const segs = highlight('Sorry, we CANNOT REFUND this.', [{ value: 'cannot refund', kind: 'refusal' }]);
    expect(segs[1]).toEqual({ text: 'CANNOT REFUND', kind: 'refusal' });
  });

  it('leaves text without hits (or with empty needles) whole', () => {
    expect(highlight('<b>hi</b>', [{ value: '', kind: 'refusal' }])).toEqual([{ text: '<b>hi</b>', kind: null }]);
    expect(highlight('', [{ value: 'x', kind: 'refusal' }])).toEqual([{ text: '', kind: null }]);
  });

  it('takes needles from transcript facts of the same message only', () => {
    const needles = messageNeedles([
      ...chatFacts(7),
      { item_id: 7, kind: 'amount', value: '68.00 CNY', snippet: '', source: 'transcript', position: 1 },
      { item_id: 7, kind: 'refusal', value: '无法退款', snippet: '', source: 'file_name', position: 0 },
    ]);
    expect(needles.get(1)).toEqual([
      { value: '无法退款', kind: 'refusal' },
      { value: 'GD-88123', kind: 'ticket_no' },
    ]);
    expect(needles.get(0)).toEqual([{ value: 'KM20261102001', kind: 'order_no' }]);
  });
});

describe('amounts', () => {
  it('normalises amounts as decimals, not floats', () => {
    expect(normalizeAmount('68.00')).toBe('68');
    expect(normalizeAmount('¥1,068.50')).toBe('1068.5');
    expect(normalizeAmount('068.0 CNY')).toBe('68');
    expect(normalizeAmount('0.10')).toBe('0.1');
    expect(normalizeAmount('12.00 USD')).toBeNull();
    expect(normalizeAmount('abc')).toBeNull();
    expect(normalizeAmount(null)).toBeNull();
  });
});

describe('reading derived bodies', () => {
  it('reads the body of its own kind only', () => {
    expect(readBill(makeDerived('bill', wechatBill))?.rows).toHaveLength(3);
    expect(readTranscript(makeDerived('bill', wechatBill))).toBeNull();
    expect(readTranscript(makeDerived('transcript', chatTranscript))?.messages.length).toBe(
      chatTranscript.messages.length,
    );
    expect(readText(makeDerived('transcript', chatTranscript))).toBeNull();
    expect(readPicture(makeDerived('none', undefined))).toBeNull();
    expect(readText(makeDerived('text', 'hello'))).toBe('hello');
  });
});

describe('fileKind', () => {
  it('names files by type, then by extension', () => {
    expect(fileKind('image/heic', 'a.heic')).toBe('image');
    expect(fileKind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'bill.xlsx')).toBe('table');
    expect(fileKind('application/zip', '微信支付账单.xlsx')).toBe('table');
    expect(fileKind('text/plain', 'chat.txt')).toBe('text');
    expect(fileKind('application/pdf', 'x.pdf')).toBe('pdf');
    expect(fileKind('application/zip', 'x.zip')).toBe('archive');
    expect(fileKind('application/octet-stream', 'x.bin')).toBe('file');
  });
});
