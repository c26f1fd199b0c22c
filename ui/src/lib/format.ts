// Display helpers. All take the UI locale explicitly so they stay pure and testable.

/** "¥68.00" for yuan, "USD 12.00" otherwise. The amount stays the exact decimal text Rust stored. */
export function formatMoney(amount: string | null, currency: string): string | null {
  if (amount === null || amount === '') return null;
  const grouped = groupThousands(amount);
  return currency === 'CNY' ? `¥${grouped}` : `${currency} ${grouped}`;
}

// String-based so no float rounding can ever touch a stored amount.
function groupThousands(amount: string): string {
  const [whole, fraction] = amount.split('.');
  if (!/^\d+$/.test(whole)) return amount;
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Binary units (1 KB = 1024 B), one decimal above bytes: "512 B", "1.5 KB", "12.3 MB". */
export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const text = number(locale, digits).format(value);
  return `${text} ${UNITS[unit]}`;
}

const numberCache = new Map<string, Intl.NumberFormat>();
function number(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = numberCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberCache.set(key, f);
  }
  return f;
}

type DateStyle = 'date' | 'dateTime' | 'compact';
const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  // Numeric and 24-hour, so table columns stay narrow and line up.
  compact: {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
};

// Formatters are costly to build and a list may format thousands of timestamps.
const dateCache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, DATE_OPTIONS[style]);
    dateCache.set(key, f);
  }
  return f;
}

/**
 * Parses what Rust sends: RFC 3339 instants ("…Z") and the user's own local dates
 * ("2026-11-02", "2026-11-02T14:30:00"). A bare date must become local midnight, not UTC
 * midnight, or it shows as the previous day west of Greenwich.
 */
export function parseTimestamp(text: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date and time in the UI locale; unparseable input is shown as it came rather than hidden. */
export function formatDateTime(text: string | null, locale: string): string | null {
  if (!text) return null;
  const d = parseTimestamp(text);
  return d ? dateFormat(locale, 'dateTime').format(d) : text;
}

/** Date only, in the UI locale. */
export function formatDate(text: string | null, locale: string): string | null {
  if (!text) return null;
  const d = parseTimestamp(text);
  return d ? dateFormat(locale, 'date').format(d) : text;
}

/** Short numeric date and time for table cells: "2026/11/02 06:12". */
export function formatDateTimeCompact(text: string | null, locale: string): string | null {
  if (!text) return null;
  const d = parseTimestamp(text);
  return d ? dateFormat(locale, 'compact').format(d) : text;
}

/** The user's own paid_at: a date alone, or date and time when they gave one. */
export function formatPaidAt(text: string | null, locale: string): string | null {
  if (!text) return null;
  return text.length > 10 ? formatDateTime(text, locale) : formatDate(text, locale);
}

/** First 12 hex characters: enough to tell hashes apart by eye; the full one is always one click away. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
