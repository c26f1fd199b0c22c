import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../App.svelte';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { fakeBackend } from '../../test/backend';
import { makeCase } from '../../test/fixtures';

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
});

async function openForm() {
  await fireEvent.click(screen.getByTestId('new-case'));
  return screen.getByTestId('case-title') as HTMLInputElement;
}

describe('new case form', () => {
  it('sends create_case with nulls for blanks and opens the new case', async () => {
    const created = makeCase({ id: 42, title: '视频年卡付款后未开通' });
    const backend = fakeBackend({
      create_case: () => created,
      get_case: () => created,
      list_items: () => [],
    });
    render(App);
    const title = await openForm();
    await fireEvent.input(title, { target: { value: '  视频年卡付款后未开通 ' } });
    await fireEvent.input(screen.getByTestId('case-platform'), { target: { value: '某卡盟' } });
    await fireEvent.input(screen.getByTestId('case-amount'), { target: { value: '68.00' } });
    await fireEvent.input(screen.getByTestId('case-paid-at'), { target: { value: '2026-11-02' } });
    await fireEvent.click(screen.getByTestId('case-submit'));

    expect((await screen.findByTestId('case-heading')).textContent).toBe('视频年卡付款后未开通');
    expect(backend.callsTo('create_case')).toHaveLength(1);
    expect(backend.callsTo('create_case')[0].args).toEqual({
      fields: {
        title: '视频年卡付款后未开通',
        platform: '某卡盟',
        order_no: null,
        amount: '68.00',
        currency: 'CNY',
        product: null,
        paid_at: '2026-11-02',
        payment_channel: null,
        notes: null,
      },
    });
    expect(backend.callsTo('get_case')[0].args).toEqual({ id: 42 });
  });

  it('requires a title without calling Rust', async () => {
    const backend = fakeBackend({});
    render(App);
    const title = await openForm();
    await fireEvent.click(screen.getByTestId('case-submit'));
    expect(screen.getByText('请填写标题')).toBeTruthy();
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title);
    expect(backend.callsTo('create_case')).toHaveLength(0);
  });

  it('shows a server error in the current language', async () => {
    fakeBackend({
      create_case: () => {
        throw {
          code: 'invalid_input',
          message: 'invalid amount: "abc" is not a number such as 68.00',
          message_zh: '金额 无效："abc" 不是数字，例如 68.00',
        };
      },
    });
    render(App);
    const title = await openForm();
    await fireEvent.input(title, { target: { value: '会员' } });
    await fireEvent.input(screen.getByTestId('case-amount'), { target: { value: 'abc' } });
    await fireEvent.click(screen.getByTestId('case-submit'));
    const alert = await screen.findByText(/金额 无效/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();

    // Switching language re-renders the same error in English.
    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(await screen.findByText(/invalid amount: "abc" is not a number/)).toBeTruthy();
    expect(screen.queryByText(/金额 无效/)).toBeNull();
    // The form is still open with what was typed.
    expect((screen.getByTestId('case-title') as HTMLInputElement).value).toBe('会员');
  });

  it('Esc cancels and returns to the list', async () => {
    fakeBackend({});
    render(App);
    const title = await openForm();
    await fireEvent.keyDown(title, { key: 'Escape' });
    expect(screen.queryByTestId('case-title')).toBeNull();
  });

  it('Ctrl+N opens the form', async () => {
    fakeBackend({});
    render(App);
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(screen.getByTestId('case-title')).toBeTruthy();
  });
});
