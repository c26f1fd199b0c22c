import { describe, expect, it } from 'vitest';
import { api, toErrorPayload } from './api';
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
});
