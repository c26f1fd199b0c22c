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

/** Picks the side of a bilingual message from Rust (errors, problems, skipped files). */
export function pick(message: { message: string; message_zh: string }): string {
  return current === 'zh-CN' ? message.message_zh : message.message;
}
