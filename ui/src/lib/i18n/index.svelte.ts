import zhCN from './zh-CN';
import en from './en';

export type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;
export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'proofpack.locale';

/** Saved choice first, then the system language: any Chinese variant gets the Chinese UI. */
export function initialLocale(): Locale {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  const lang = typeof navigator === 'undefined' ? '' : navigator.language;
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

// Storage can be missing or throw (private modes, tests); the choice then lasts the session only.
function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

let current = $state<Locale>(initialLocale());

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    safeStorage()?.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisting is harmless; the switch still applies now.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export function toggleLocale(): void {
  setLocale(current === 'zh-CN' ? 'en' : 'zh-CN');
}

/** Looks up a message in the current language; reading `current` makes templates re-render on switch. */
export function t(key: MessageKey, params?: Params): string {
  const text = dictionaries[current][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A Rust value with a bilingual field: `key` in English and `${key}_zh` in Chinese. */
export type Bilingual<K extends string> = { [P in K]: string | null } & { [P in `${K}_zh`]: string | null };

/**
 * The one way the app reads a bilingual field from Rust: `pick(error)` for a message,
 * `pick(req, 'title')` for any other field. Falls back to the other language when one side is
 * missing, so a reason Rust gave only in English still shows.
 */
export function pick(value: Bilingual<'message'>): string;
export function pick<K extends string>(value: Bilingual<NoInfer<K>>, key: K): string;
export function pick(value: Record<string, unknown>, key = 'message'): string {
  const [en, zh] = [value[key], value[`${key}_zh`]].map((v) => (typeof v === 'string' ? v : null));
  return (current === 'zh-CN' ? (zh ?? en) : (en ?? zh)) ?? '';
}
