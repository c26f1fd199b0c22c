// Realistic data shaped exactly like the ts-rs bindings.
import type { Case } from '../lib/bindings/Case';
import type { CaseSummary } from '../lib/bindings/CaseSummary';
import type { Item } from '../lib/bindings/Item';

export const HASH_A = 'a3f1c09b7e224d51b0c6e8f9d2a7b4c1e5f60718293a4b5c6d7e8f9012345678';
export const HASH_B = '0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff0';
export const EVIL_NAME = '<img src=x onerror=alert(1)>.png';

export function makeCase(overrides: Partial<Case> = {}): Case {
  return {
    id: 1,
    created_at: '2026-11-20T02:00:00.000Z',
    updated_at: '2026-11-21T03:30:00.000Z',
    title: '视频年卡付款后未开通',
    platform: '某卡盟',
    order_no: 'KM20261102001',
    amount: '68.00',
    currency: 'CNY',
    product: '视频平台年度会员',
    paid_at: '2026-11-02',
    payment_channel: '微信支付',
    notes: null,
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  return { ...makeCase(), item_count: 0, ...overrides };
}

export function makeItem(overrides: Partial<Item> = {}): Item {
  return {
    case_id: 1,
    imported_at: '2026-11-21T03:30:00.000Z',
    status: 'active',
    withdrawn_reason: null,
    withdrawn_at: null,
    id: 1,
    sha256: HASH_A,
    size: 245760,
    media_type: 'image/png',
    original_name: '支付截图.png',
    original_path: '/home/u/Pictures/支付截图.png',
    file_mtime: '2026-11-02T06:12:00.000Z',
    category: 'purchase',
    note: null,
    ...overrides,
  };
}
