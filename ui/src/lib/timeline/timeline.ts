// Pure helpers for the case timeline: kind labels and icons, the source's own clock and offset,
// and grouping by day in the user's zone. All take the locale explicitly so they stay testable.
import type { TimelineEvent } from '../bindings/TimelineEvent';
import type { TimelineKind } from '../bindings/TimelineKind';
import type { MessageKey } from '../i18n/index.svelte';

// One icon per kind Rust defines: adding a kind there fails this record's type check here.
const KIND_ICON: Record<TimelineKind, string> = {
  purchase: '◆',
  payment: '¥',
  refusal: '⊘',
  promise: '❝',
  ticket: '#',
  capture: '▣',
  ledger: '✎',
};

function known(kind: string): kind is TimelineKind {
  return Object.hasOwn(KIND_ICON, kind);
}

/** A kind Rust adds later still gets a word and an icon rather than a blank. */
export const kindLabel = (kind: string): MessageKey => (known(kind) ? `timeline.kind.${kind}` : 'timeline.kind.other');
export const kindIcon = (kind: string): string => (known(kind) ? KIND_ICON[kind] : '•');

/** Recorded actions are the app's own bookkeeping; everything else is a key event. */
export const isKeyEvent = (e: TimelineEvent): boolean => e.kind !== 'ledger';

/** The wall-clock time and offset as the source recorded them. */
export type SourceTime = {
  /** Minutes east of UTC. */
  offsetMinutes: number;
  /** "+08:00", or "UTC" for a Z time. */
  offsetLabel: string;
  /** The source's wall clock, expressed as a UTC instant so Intl can format it with timeZone UTC. */
  wall: Date;
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

export function sourceTime(at: string): SourceTime | null {
  const m = RFC3339.exec(at);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m;
  let offsetMinutes = 0;
  let offsetLabel = 'UTC';
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    offsetLabel = `${digits[0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
  }
  const wall = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)));
  return { offsetMinutes, offsetLabel, wall };
}

/** The user's own offset at that instant (DST-aware), in minutes east of UTC. */
export const localOffsetMinutes = (instant: Date): number => -instant.getTimezoneOffset();

const formatCache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, kind: 'time' | 'day' | 'shortDay', utc: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${kind}|${utc}`;
  let f = formatCache.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { dateStyle: 'full' }
          : { month: '2-digit', day: '2-digit' };
    f = new Intl.DateTimeFormat(locale, utc ? { ...base, timeZone: 'UTC' } : base);
    formatCache.set(key, f);
  }
  return f;
}

/** "10:15" in the user's zone. */
export const localTime = (instant: Date, locale: string): string => fmt(locale, 'time', false).format(instant);
/** "Tuesday, November 3, 2026" / "2026年11月3日星期二" in the user's zone. */
export const dayLabel = (instant: Date, locale: string): string => fmt(locale, 'day', false).format(instant);

/**
 * "10:15 +08:00" as the source saw it, or null when it would only repeat the local time. The
 * source's date is added when it falls on another day than the user's ("11/04 01:30 +08:00").
 */
export function sourceLabel(at: string, instant: Date, locale: string): string | null {
  const src = sourceTime(at);
  if (!src || src.offsetMinutes === localOffsetMinutes(instant)) return null;
  const time = fmt(locale, 'time', true).format(src.wall);
  const otherDay = dayKeyUtc(src.wall) !== dayKey(instant);
  const day = otherDay ? `${fmt(locale, 'shortDay', true).format(src.wall)} ` : '';
  return `${day}${time} ${src.offsetLabel}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** yyyy-mm-dd of the instant in the user's zone. */
export const dayKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const dayKeyUtc = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export type TimelineRow = { event: TimelineEvent; instant: Date | null };
export type DayGroup = { key: string; instant: Date | null; rows: TimelineRow[] };

/**
 * When the event happened, or null if its time cannot be read. A day alone (a purchase date
 * typed without a time) is that day wherever the user is: its noon here, not China's midnight,
 * which falls on the day before west of China.
 */
function instantOf(event: TimelineEvent): Date | null {
  const day = event.date_only ? /^(\d{4})-(\d{2})-(\d{2})/.exec(event.at) : null;
  const parsed = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12) : new Date(event.at);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/**
 * Consecutive events of the same local day share a group; Rust already sorted them by instant,
 * so the order is kept as sent. Unreadable times (never expected) collect in a group of their own.
 */
export function groupByDay(events: readonly TimelineEvent[]): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const event of events) {
    const instant = instantOf(event);
    const key = instant ? dayKey(instant) : 'unknown';
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.rows.push({ event, instant });
    else groups.push({ key, instant, rows: [{ event, instant }] });
  }
  return groups;
}
