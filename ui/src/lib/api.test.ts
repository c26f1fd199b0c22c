import { describe, expect, it } from 'vitest';
import { api, pictureUrl, toErrorPayload } from './api';
import { fakeBackend } from '../test/backend';

describe('api', () => {
  it('passes ErrorPayload rejections through unchanged', async () => {
    const payload = { code: 'case_not_found', message: 'case 9 does not exist', message_zh: '案件 9 不存在' };
    fakeBackend({
      get_case: () => {
        throw payload;
      },
    });
    await expect(api.getCase(9)).rejects.toEqual(payload);
  });

  it('turns any other rejection into an ErrorPayload', () => {
    expect(toErrorPayload('command get_case not found')).toEqual({
      code: 'ipc',
      message: 'command get_case not found',
      message_zh: 'command get_case not found',
    });
    expect(toErrorPayload(new TypeError('x is undefined')).message).toBe('x is undefined');
    expect(toErrorPayload(undefined).message).toBe('undefined');
  });

  it('sends camelCase arguments as the Rust commands expect', async () => {
    const backend = fakeBackend({ withdraw_item: () => ({}), verify_case: () => ({}) });
    await api.withdrawItem(4, '重复');
    await api.verifyCase(2);
    expect(backend.calls.map((c) => [c.cmd, c.args])).toEqual([
      ['withdraw_item', { itemId: 4, reason: '重复' }],
      ['verify_case', { caseId: 2 }],
    ]);
  });

  it('sends the new commands with camelCase arguments', async () => {
    const backend = fakeBackend({
      item_details: () => ({}),
      case_facts: () => [],
      recategorize_item: () => ({}),
      confirm_bill_rows: () => ({}),
    });
    await api.itemDetails(7);
    await api.caseFacts(3);
    await api.recategorizeItem(7, 'communication');
    await api.confirmBillRows(8, [1, 3]);
    expect(backend.calls.map((c) => [c.cmd, c.args])).toEqual([
      ['item_details', { itemId: 7 }],
      ['case_facts', { caseId: 3 }],
      ['recategorize_item', { itemId: 7, category: 'communication' }],
      ['confirm_bill_rows', { itemId: 8, rows: [1, 3] }],
    ]);
  });

  it('builds picture URLs on the pp protocol by item id', () => {
    fakeBackend({});
    expect(pictureUrl(12, 256)).toBe('pp://localhost/thumb%2F12%2F256');
    expect(pictureUrl(12, 1024)).toBe('pp://localhost/thumb%2F12%2F1024');
    expect(pictureUrl(12, 'original')).toBe('pp://localhost/original%2F12');
  });
});
