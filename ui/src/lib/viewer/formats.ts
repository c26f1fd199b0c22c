// The export formats the core reads, named as the core names them (crates/core/src/ingest/format.rs;
// the core's tests check these keys say the same words).
import type { MessageKey } from '../i18n/index.svelte';

export const FORMATS = [
  'alipay_csv',
  'alipay_web_csv',
  'wechat_csv',
  'wechat_xlsx',
  'qq_txt',
  'wechatmsg_csv',
  'wechatmsg_txt',
  'pywxdump_csv',
  'telegram_json',
  'whatsapp_txt',
  'plain',
  'ocr_capture',
] as const;

function known(name: string): name is (typeof FORMATS)[number] {
  return (FORMATS as readonly string[]).includes(name);
}

/** A stored format name as a person reads it; a format a later version adds still gets a word. */
export const formatLabel = (name: string): MessageKey => (known(name) ? `format.${name}` : 'format.other');
