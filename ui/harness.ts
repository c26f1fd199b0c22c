import { mockIPC } from '@tauri-apps/api/mocks';
import { evidenceHandlers } from './src/test/backend';
import { HASH_B, chatFacts, chatTranscript, makeCase, makeDerived, makeItem, picture, wechatBill } from './src/test/fixtures';
import type { Item } from './src/lib/bindings/Item';

const params = new URLSearchParams(location.search);
const record = makeCase({ id: 3, order_no: 'KM20261102001', amount: '68.00' });
const items: Item[] = [
  makeItem({ id: 1, case_id: 3, original_name: '支付截图.png' }),
  makeItem({ id: 7, case_id: 3, original_name: '客服聊天.csv', media_type: 'text/csv', sha256: HASH_B, category: 'communication', category_source: 'suggested' }),
  makeItem({ id: 8, case_id: 3, original_name: '微信支付账单.csv', media_type: 'text/csv', sha256: HASH_B, category: 'purchase', category_source: 'suggested' }),
  makeItem({ id: 9, case_id: 3, original_name: 'notes.txt', media_type: 'text/plain', category: 'other' }),
  makeItem({ id: 10, case_id: 3, original_name: 'IMG_0001.HEIC', media_type: 'image/heic', category: 'non_delivery', status: 'withdrawn', withdrawn_reason: '重复' }),
];
const n = Number(params.get('n') ?? 0);
for (let i = 0; i < n; i++) items.push(makeItem({ id: 100 + i, case_id: 3, original_name: `截图-${i}.png`, category: (['purchase', 'non_delivery', 'communication', 'other'] as const)[i % 4] }));
const h = evidenceHandlers({
  record,
  items,
  details: {
    1: { derived: makeDerived('image', picture), facts: [], suggestion: null },
    7: { derived: makeDerived('transcript', chatTranscript), facts: chatFacts(7), suggestion: { category: 'communication', reason: 'chat', reason_zh: '文件名含“客服”，内容是聊天记录' } },
    8: { derived: makeDerived('bill', wechatBill), facts: [{ item_id: 8, kind: 'amount', value: '68.00 CNY', snippet: '2026-11-02T14:30:05+08:00 · 某卡盟 · 视频年卡 · 68.00', source: 'bill', position: 1 }], suggestion: { category: 'purchase', reason: 'bill', reason_zh: '微信支付账单' } },
    9: { derived: makeDerived('text', '付款后一直没开通\n商家电话打不通 \uFFFD\uFFFD', { encoding: 'GB18030', had_errors: true }), facts: [], suggestion: null },
  },
});
const all: Record<string, (a: Record<string, unknown>) => unknown> = { ...h, list_cases: () => [], library_info: () => ({ path: '/x' }), case_log: () => [] };
mockIPC((cmd, args) => all[cmd]?.((args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
const colors = ['#88a', '#a88', '#8a8', '#aa8'];
(window as any).__TAURI_INTERNALS__.convertFileSrc = (p: string) =>
  'data:image/svg+xml,' + encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="540" height="1170"><rect width="540" height="1170" fill="${colors[p.length % 4]}"/><text x="20" y="80" font-size="60">${p}</text></svg>`);
if (params.get('lang')) localStorage.setItem('proofpack.locale', params.get('lang')!);
const { nav } = await import('./src/lib/nav.svelte');
nav.openCase(3);
await import('./src/main');
const open = params.get('open');
if (open) {
  setTimeout(() => (document.querySelector(`[data-testid="grid-card"][data-item-id="${open}"]`) as HTMLElement)?.click(), 300);
}
