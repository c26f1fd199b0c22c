import { describe, expect, it } from 'vitest';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { FORMATS, formatLabel } from './formats';

describe('format labels', () => {
  it('names every known format in both languages, and an unknown one as another format', () => {
    for (const f of FORMATS) {
      expect(formatLabel(f)).toBe(`format.${f}`);
      expect(en[formatLabel(f)]).toBeTruthy();
      expect(zhCN[formatLabel(f)]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(formatLabel('fax_tiff')).toBe('format.other');
  });
});
