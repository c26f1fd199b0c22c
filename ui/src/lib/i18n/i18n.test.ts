import { describe, expect, it, beforeEach } from 'vitest';
import zhCN from './zh-CN';
import en from './en';
import { initialLocale, pick, setLocale, t } from './index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });
});

describe('t()', () => {
  beforeEach(() => localStorage.clear());

  it('fills placeholders and follows the current locale', () => {
    setLocale('en');
    expect(t('import.progress', { done: 3, total: 10 })).toBe('3 / 10 files');
    setLocale('zh-CN');
    expect(t('import.progress', { done: 3, total: 10 })).toBe('3 / 10 个文件');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('picks the matching side of a bilingual message', () => {
    const msg = { message: 'case 9 does not exist', message_zh: '案件 9 不存在' };
    setLocale('en');
    expect(pick(msg)).toBe('case 9 does not exist');
    setLocale('zh-CN');
    expect(pick(msg)).toBe('案件 9 不存在');
  });

  it('remembers the choice and otherwise follows the system language', () => {
    setLocale('en');
    expect(initialLocale()).toBe('en');
    localStorage.clear();
    const spy = Object.getOwnPropertyDescriptor(window.navigator, 'language');
    Object.defineProperty(window.navigator, 'language', { value: 'zh-TW', configurable: true });
    expect(initialLocale()).toBe('zh-CN');
    Object.defineProperty(window.navigator, 'language', { value: 'de-DE', configurable: true });
    expect(initialLocale()).toBe('en');
    if (spy) Object.defineProperty(window.navigator, 'language', spy);
    else delete (window.navigator as { language?: string }).language;
  });
});

describe('pick', () => {
  it('reads the side of a bilingual field in the current language, falling back to the other', () => {
    const error = { code: 'x', message: 'Case not found', message_zh: '没有这个案件' };
    const ocr = { reason: 'no text found', reason_zh: null };
    const empty = { reason: null, reason_zh: null };
    setLocale('zh-CN');
    expect(pick(error)).toBe('没有这个案件');
    expect(pick({ title: 'Order record', title_zh: '订单记录' }, 'title')).toBe('订单记录');
    expect(pick(ocr, 'reason')).toBe('no text found');
    expect(pick(empty, 'reason')).toBe('');
    setLocale('en');
    expect(pick(error)).toBe('Case not found');
    expect(pick({ reason: null, reason_zh: '只有中文' }, 'reason')).toBe('只有中文');
    setLocale('zh-CN');
  });
});
