import { describe, expect, it } from 'vitest';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { formatLabel } from './formats';

describe('format labels', () => {
  it('names every known format in both languages, and an unknown one as another format', () => {
    const formats = Object.keys(en)
      .filter((k) => k.startsWith('format.') && k !== 'format.other')
      .map((k) => k.slice('format.'.length));
    expect(formats.length).toBe(12);
    for (const f of formats) {
      expect(formatLabel(f)).toBe(`format.${f}`);
      expect(en[formatLabel(f)]).toBeTruthy();
      expect(zhCN[formatLabel(f)]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(formatLabel('fax_tiff')).toBe('format.other');
  });
});
