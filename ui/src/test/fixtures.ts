// Realistic data shaped exactly like the ts-rs bindings.
import type { Case } from '../lib/bindings/Case';
import type { Checklist } from '../lib/bindings/Checklist';
import type { CaseSummary } from '../lib/bindings/CaseSummary';
import type { Item } from '../lib/bindings/Item';
import type { Derived } from '../lib/bindings/Derived';
import type { Fact } from '../lib/bindings/Fact';
import type { Body } from '../lib/bindings/Body';
import type { Bill } from '../lib/bindings/Bill';
import type { Picture } from '../lib/bindings/Picture';
import type { RowMatch } from '../lib/bindings/RowMatch';
import type { Transcript } from '../lib/bindings/Transcript';

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
  return { ...makeCase(), item_count: 0, readiness: null, ...overrides };
}

export function makeItem(overrides: Partial<Item> = {}): Item {
  return {
    case_id: 1,
    imported_at: '2026-11-21T03:30:00.000Z',
    status: 'active',
    withdrawn_reason: null,
    withdrawn_at: null,
    bill_rows: [],
    fact_fixes: [],
    date_order: null,
    number: null,
    id: 1,
    sha256: HASH_A,
    size: 245760,
    media_type: 'image/png',
    original_name: '支付截图.png',
    original_path: '/home/u/Pictures/支付截图.png',
    file_mtime: '2026-11-02T06:12:00.000Z',
    category: 'purchase',
    category_source: 'user',
    note: null,
    ...overrides,
  };
}

// ---- Derived data, shaped like the Rust side's item_details ---------------------------------

export const SCRIPT_TEXT = '<script>alert(1)</script>';

export function makeDerived<K extends Body['kind']>(
  kind: K,
  body: Extract<Body, { kind: K }> extends { body: infer B } ? B : undefined,
  overrides: Partial<Omit<Derived, 'kind' | 'body'>> = {},
): Derived {
  return {
    sha256: HASH_B,
    format: null,
    encoding: null,
    had_errors: false,
    reason: null,
    reason_zh: null,
    ...overrides,
    ...({ kind, body } as Body),
  };
}

export const chatTranscript: Transcript = {
  format: 'wechatmsg_csv',
  title: '某卡盟客服',
  messages: [
    {
      time: '2026-11-03T10:00:00+08:00',
      offset_assumed: false,
      sender: '我',
      from_self: true,
      text: '你好，我 11 月 2 日买的年卡一直没有开通，订单号 KM20261102001',
      media: null,
    },
    {
      time: '2026-11-03T10:05:00+08:00',
      offset_assumed: true,
      sender: '客服小美',
      from_self: false,
      text: '亲，虚拟商品一经售出无法退款哦。\n已为您登记工单号 GD-88123，请耐心等待。',
      media: null,
    },
    { time: null, offset_assumed: false, sender: '客服小美', from_self: false, text: SCRIPT_TEXT, media: null },
    {
      time: '2026-11-03T10:07:00+08:00',
      offset_assumed: false,
      sender: '我',
      from_self: true,
      text: '[图片]',
      media: 'image',
    },
  ],
  warnings: [{ message: 'line 12: no time found', message_zh: '第 12 行：没有找到时间', detail: null }],
  dates: null,
};

export function chatFacts(itemId: number): Fact[] {
  return [
    {
      item_id: itemId,
      kind: 'order_no',
      value: 'KM20261102001',
      snippet: '你好，我 11 月 2 日买的年卡一直没有开通，订单号 KM20261102001',
      source: 'transcript',
      position: 0,
    },
    {
      item_id: itemId,
      kind: 'refusal',
      value: '无法退款',
      snippet: '亲，虚拟商品一经售出无法退款哦。',
      source: 'transcript',
      position: 1,
    },
    {
      item_id: itemId,
      kind: 'ticket_no',
      value: 'GD-88123',
      snippet: '已为您登记工单号 GD-88123，请耐心等待。',
      source: 'transcript',
      position: 1,
    },
  ];
}

export const wechatBill: Bill = {
  format: 'wechat_csv',
  rows: [
    {
      time: '2026-11-02T14:30:05+08:00',
      counterpart: '某卡盟',
      product: '视频年卡',
      direction: 'expense',
      amount: '68.00',
      method: '零钱',
      status: '支付成功',
      transaction_no: '4200001234202611020001',
      merchant_order_no: 'KM20261102001',
      note: null,
      row: 1,
    },
    {
      time: '2026-11-02T12:01:00+08:00',
      counterpart: '美团',
      product: '午餐',
      direction: 'expense',
      amount: '32.50',
      method: '零钱',
      status: '支付成功',
      transaction_no: '4200009',
      merchant_order_no: 'MT123',
      note: null,
      row: 2,
    },
    {
      time: '2026-11-01T09:00:00+08:00',
      counterpart: '朋友',
      product: '转账',
      direction: 'income',
      amount: '68',
      method: null,
      status: '已收钱',
      transaction_no: null,
      merchant_order_no: null,
      note: null,
      row: 3,
    },
  ],
  warnings: [],
};

/**
 * What Rust's item_details proposes for `wechatBill` against `makeCase()` (order KM20261102001,
 * 68.00, paid 2026-11-02): row 2 shares only the date, which the UI alone would never notice.
 */
export const wechatBillMatches: RowMatch[] = [
  { row: 1, fields: ['order_no', 'amount', 'date'] },
  { row: 2, fields: ['date'] },
  { row: 3, fields: ['amount'] },
];

export const picture: Picture = {
  width: 1080,
  height: 2340,
  taken_at: '2026-11-02T14:31:00',
  thumbs: [256, 1024],
  preview_error: null,
  preview_error_zh: null,
};

// ---- Readiness, shaped like Rust's check_case ------------------------------------------------

export function emptyChecklist(overrides: Partial<Checklist> = {}): Checklist {
  return {
    ready: false,
    requirements: [],
    warnings: [],
    top_gaps: [],
    cooling_off: null,
    complaint_deadline_12315: null,
    today: '2026-11-25',
    ...overrides,
  };
}

/**
 * A half-built case: order screenshot (item 1) and chat (item 7) present, the payment record
 * weak (item 2), no proof of non-delivery, no ticket number.
 */
export function partialChecklist(overrides: Partial<Checklist> = {}): Checklist {
  return emptyChecklist({
    requirements: [
      {
        id: 'purchase.order_record',
        category: 'purchase',
        status: 'satisfied',
        title: 'Order record',
        title_zh: '订单记录',
        items: [1],
        guidance: '',
        guidance_zh: '',
        basis: 'order number DEMO1 read from order.png',
        basis_zh: '订单号 DEMO1（识别自 order.png）',
        next: null,
      },
      {
        id: 'purchase.payment_record',
        category: 'purchase',
        status: 'weak',
        title: 'Payment record',
        title_zh: '支付记录',
        items: [2],
        guidance: 'Export your WeChat Pay bill (Me > Services > Wallet > Bill > … > Download bill) and add it.',
        guidance_zh: '导出微信支付账单（我 > 服务 > 钱包 > 账单 > … > 下载账单）并添加进来。',
        basis: '',
        basis_zh: '',
        next: null,
      },
      {
        id: 'non_delivery.proof',
        category: 'non_delivery',
        status: 'missing',
        title: 'Proof of non-delivery',
        title_zh: '未履行证明',
        items: [],
        guidance: 'Take a screenshot of the membership centre showing the membership is not active.',
        guidance_zh: '截图会员中心，显示会员未开通。',
        basis: '',
        basis_zh: '',
        next: null,
      },
      {
        id: 'communication.chat',
        category: 'communication',
        status: 'satisfied',
        title: 'Chat with official support',
        title_zh: '与官方客服的聊天记录',
        items: [7],
        guidance: '',
        guidance_zh: '',
        basis: '',
        basis_zh: '',
        next: null,
      },
      {
        id: 'communication.refusal',
        category: 'communication',
        status: 'satisfied',
        title: 'Written refusal',
        title_zh: '书面拒绝',
        items: [7],
        guidance: '',
        guidance_zh: '',
        basis: '',
        basis_zh: '',
        next: null,
      },
      {
        id: 'communication.ticket',
        category: 'communication',
        status: 'missing',
        title: 'Ticket number',
        title_zh: '工单号',
        items: [],
        guidance: 'Ask support for a ticket number and keep the reply.',
        guidance_zh: '向客服索要工单号并保留回复。',
        basis: '',
        basis_zh: '',
        next: null,
      },
    ],
    top_gaps: ['non_delivery.proof', 'purchase.payment_record'],
    warnings: [
      {
        id: 'order_no_mismatch',
        message: 'The order number in item 7 (KM999) differs from the case (KM20261102001).',
        message_zh: '证据 7 中的订单号（KM999）与案件（KM20261102001）不一致。',
        items: [7],
      },
    ],
    cooling_off: { from: '2026-11-09', to: '2026-11-17' },
    complaint_deadline_12315: '2029-11-02',
    ...overrides,
  });
}
