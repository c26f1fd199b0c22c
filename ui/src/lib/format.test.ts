import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatDateTimeCompact,
  formatMoney,
  formatPaidAt,
  parseTimestamp,
  shortHash,
} from './format';

describe('formatMoney', () => {
  it('uses the yuan sign for CNY and the code otherwise', () => {
    expect(formatMoney('68.00', 'CNY')).toBe('¥68.00');
    expect(formatMoney('12.00', 'USD')).toBe('USD 12.00');
  });
  it('groups thousands without touching the decimals', () => {
    expect(formatMoney('1299.00', 'CNY')).toBe('¥1,299.00');
    expect(formatMoney('1234567.05', 'EUR')).toBe('EUR 1,234,567.05');
    expect(formatMoney('999.99', 'CNY')).toBe('¥999.99');
  });
  it('returns null when there is no amount', () => {
    expect(formatMoney(null, 'CNY')).toBeNull();
    expect(formatMoney('', 'CNY')).toBeNull();
  });
});

describe('formatBytes', () => {
  it('picks binary units with one decimal', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1024, 'en')).toBe('1 KB');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024 + 300 * 1024, 'en')).toBe('5.3 MB');
    expect(formatBytes(3 * 1024 ** 3, 'zh-CN')).toBe('3 GB');
  });
  it('does not invent a size for nonsense', () => {
    expect(formatBytes(-1, 'en')).toBe('—');
    expect(formatBytes(Number.NaN, 'en')).toBe('—');
  });
});

// ICU versions differ in the space before AM/PM (U+202F or U+0020); compare without caring.
const plain = (s: string | null) => s?.replace(/\u202f/g, ' ') ?? null;

describe('dates', () => {
  // vite.config.ts pins TZ=UTC for tests.
  it('formats instants in the locale', () => {
    expect(plain(formatDateTime('2026-11-25T08:05:00.000Z', 'en'))).toBe('Nov 25, 2026, 8:05 AM');
    expect(formatDateTime('2026-11-25T08:05:00.000Z', 'zh-CN')).toBe('2026年11月25日 08:05');
    expect(formatDate('2026-11-25T08:05:00.000Z', 'zh-CN')).toBe('2026年11月25日');
  });
  it('has a compact numeric form for tables', () => {
    expect(formatDateTimeCompact('2026-11-02T06:12:00.000Z', 'zh-CN')).toBe('2026/11/02 06:12');
    expect(formatDateTimeCompact('2026-11-02T18:12:00.000Z', 'en')).toBe('11/02/2026, 18:12');
  });
  it('reads a bare date as a local day', () => {
    const d = parseTimestamp('2026-11-02');
    expect(d?.getFullYear()).toBe(2026);
    expect(d?.getMonth()).toBe(10);
    expect(d?.getDate()).toBe(2);
    expect(d?.getHours()).toBe(0);
  });
  it('shows paid_at with a time only when one was given', () => {
    expect(formatPaidAt('2026-11-02', 'en')).toBe('Nov 2, 2026');
    expect(plain(formatPaidAt('2026-11-02T14:30:00', 'en'))).toBe('Nov 2, 2026, 2:30 PM');
  });
  it('keeps unparseable text and maps empty to null', () => {
    expect(formatDateTime('yesterday-ish', 'en')).toBe('yesterday-ish');
    expect(formatDateTime(null, 'en')).toBeNull();
    expect(formatDate('', 'en')).toBeNull();
  });
});

describe('shortHash', () => {
  it('keeps the first 12 hex characters', () => {
    const full = 'a3f1c09b7e224d51b0c6e8f9d2a7b4c1e5f60718293a4b5c6d7e8f9012345678';
    expect(shortHash(full)).toBe('a3f1c09b7e22');
    expect(shortHash(full)).toHaveLength(12);
  });
});
