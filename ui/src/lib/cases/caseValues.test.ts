import { describe, expect, it } from 'vitest';
import type { Case } from '../bindings/Case';
import { emptyValues, isEmptyPatch, toFields, toPatch, valuesFromCase } from './caseValues';

const stored: Case = {
  id: 4,
  created_at: '2026-11-20T10:00:00.000Z',
  updated_at: '2026-11-21T10:00:00.000Z',
  title: '年度会员未开通',
  platform: '某卡盟',
  order_no: 'A123',
  amount: '68.00',
  currency: 'CNY',
  product: '视频年卡',
  paid_at: '2026-11-02T14:30:00',
  payment_channel: '微信支付',
  notes: null,
};

describe('toFields', () => {
  it('trims, sends null for blanks and defaults the currency', () => {
    const v = { ...emptyValues(), title: '  会员  ', amount: ' 68.00 ', currency: ' ' };
    expect(toFields(v)).toEqual({
      title: '会员',
      platform: null,
      order_no: null,
      amount: '68.00',
      currency: 'CNY',
      product: null,
      paid_at: null,
      payment_channel: null,
      notes: null,
    });
  });
  it('upper-cases a typed currency code', () => {
    expect(toFields({ ...emptyValues(), title: 'x', currency: 'usd' }).currency).toBe('USD');
  });
});

describe('toPatch', () => {
  it('is empty when nothing changed, keeping a stored time of day', () => {
    const v = valuesFromCase(stored);
    expect(v.paid_at).toBe('2026-11-02');
    expect(isEmptyPatch(toPatch(stored, v))).toBe(true);
  });
  it('sends changed fields, "" for cleared ones and null for the rest', () => {
    const v = { ...valuesFromCase(stored), platform: '', amount: '70', notes: '客服拒绝' };
    expect(toPatch(stored, v)).toEqual({
      title: null,
      platform: '',
      order_no: null,
      amount: '70',
      currency: null,
      product: null,
      paid_at: null,
      payment_channel: null,
      notes: '客服拒绝',
    });
  });
});
