import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Channel } from '@tauri-apps/api/core';
import App from '../../App.svelte';
import type { ImportEvent } from '../bindings/ImportEvent';
import type { ImportReport } from '../bindings/ImportReport';
import type { OcrEvent } from '../bindings/OcrEvent';
import type { OcrOutcome } from '../bindings/OcrOutcome';
import type { Item } from '../bindings/Item';
import type { VerifyReport } from '../bindings/VerifyReport';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { VIEW_MODE_KEY } from '../evidence/viewMode';
import { fakeBackend, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { EVIL_NAME, HASH_A, HASH_B, makeCase, makeItem } from '../../test/fixtures';

const theCase = makeCase({ id: 3, title: '视频年卡付款后未开通', platform: null, notes: null });

function openCase(handlers: Record<string, Handler>) {
  return renderCase({ get_case: () => theCase, list_items: () => [], ...handlers });
}

beforeEach(() => {
  // These tests use the list (table) view; the grid and viewer have their own (ItemViewer.test.ts).
  localStorage.setItem(VIEW_MODE_KEY, 'list');
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('case page', () => {
  it('shows the facts with blanks marked and the empty-case guide', async () => {
    openCase({});
    expect((await screen.findByTestId('case-heading')).textContent).toBe('视频年卡付款后未开通');
    const platform = screen.getByText('平台 / 商家').parentElement!;
    expect(within(platform).getByText('—')).toBeTruthy();
    expect(screen.getByText('“—”表示还没有填写，可以点“编辑”补充。')).toBeTruthy();
    expect(screen.getByText('¥68.00')).toBeTruthy();
    expect(screen.getByText('这个案件还没有证据')).toBeTruthy();
    expect(screen.getByText(/订单截图/)).toBeTruthy();
    expect(screen.getByText(/会员中心截图/)).toBeTruthy();
    expect(screen.getByText(/拿到的每一个工单号/)).toBeTruthy();
  });

  it('lists items, keeps withdrawn ones visible and renders hostile names as text', async () => {
    const items: Item[] = [
      makeItem({ id: 1, original_name: EVIL_NAME, size: 1536, number: '1-1' }),
      makeItem({
        id: 2,
        original_name: '客服聊天.txt',
        category: 'communication',
        sha256: HASH_B,
        status: 'withdrawn',
        withdrawn_reason: '传错了文件',
        withdrawn_at: '2026-11-22T00:00:00.000Z',
      }),
    ];
    openCase({ list_items: () => items });
    const rows = await screen.findAllByTestId('item-row');
    expect(rows).toHaveLength(2);

    const evil = within(rows[0]).getByTestId('item-name');
    expect(evil.textContent).toBe(EVIL_NAME);
    expect(document.querySelector('img')).toBeNull();
    expect(within(rows[0]).getByText('1.5 KB')).toBeTruthy();
    expect(within(rows[0]).getByText('购买凭证')).toBeTruthy();
    expect(within(rows[0]).getByText(HASH_A.slice(0, 12)).closest('button')!.title).toBe(HASH_A);
    // Named by the pack's number, never the internal id; a withdrawn item has none.
    expect(within(rows[0]).getByTestId('item-number').textContent).toBe('1-1');
    expect(within(rows[0]).getByRole('button', { name: `撤回证据1-1 ${EVIL_NAME}` })).toBeTruthy();
    expect(within(rows[1]).queryByTestId('item-number')).toBeNull();

    expect(rows[1].classList.contains('withdrawn')).toBe(true);
    expect(within(rows[1]).getByText('已撤回：传错了文件')).toBeTruthy();
    expect(within(rows[1]).getByText('沟通记录')).toBeTruthy();
    expect(within(rows[1]).queryByRole('button', { name: /撤回证据/ })).toBeNull();
    expect(screen.getByText('有效 1 · 已撤回 1')).toBeTruthy();
  });

  it('copies the full hash on click', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (s: string) => void written.push(s) },
      configurable: true,
    });
    openCase({ list_items: () => [makeItem()] });
    await fireEvent.click(await screen.findByText(HASH_A.slice(0, 12)));
    expect(await screen.findByText('已复制')).toBeTruthy();
    expect(written).toEqual([HASH_A]);
  });

  it('withdraws an item with a reason typed inline', async () => {
    const item = makeItem({ id: 5, original_name: '截图.png', number: '3-2' });
    const backend = openCase({
      list_items: () => [item],
      withdraw_item: (args) => ({
        ...item,
        status: 'withdrawn',
        withdrawn_reason: args.reason as string,
        withdrawn_at: '2026-11-23T00:00:00.000Z',
        number: null,
      }),
    });
    await fireEvent.click(await screen.findByRole('button', { name: '撤回证据3-2 截图.png' }));
    expect(screen.getByRole('heading', { name: '撤回证据3-2 截图.png' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '确认撤回' }));
    expect(screen.getByText('请填写撤回原因')).toBeTruthy();
    expect(backend.callsTo('withdraw_item')).toHaveLength(0);

    await fireEvent.input(screen.getByLabelText('撤回原因'), { target: { value: '重复截图' } });
    await fireEvent.click(screen.getByRole('button', { name: '确认撤回' }));
    expect(await screen.findByText('已撤回：重复截图')).toBeTruthy();
    expect(backend.callsTo('withdraw_item')[0].args).toEqual({ itemId: 5, reason: '重复截图' });
    expect(screen.getByTestId('item-row').classList.contains('withdrawn')).toBe(true);
  });

  it('edits the case and sends only what changed', async () => {
    const backend = openCase({
      update_case: (args) => ({ ...theCase, ...{ platform: (args.patch as { platform: string }).platform } }),
    });
    await fireEvent.click(await screen.findByRole('button', { name: '编辑' }));
    await fireEvent.input(screen.getByTestId('case-platform'), { target: { value: '某卡盟' } });
    await fireEvent.click(screen.getByTestId('case-submit'));
    await waitFor(() => expect(backend.callsTo('update_case')).toHaveLength(1));
    expect(backend.callsTo('update_case')[0].args).toEqual({
      id: 3,
      patch: {
        title: null,
        platform: '某卡盟',
        order_no: null,
        amount: null,
        currency: null,
        product: null,
        paid_at: null,
        payment_channel: null,
        notes: null,
      },
    });
    expect(await screen.findByText('某卡盟')).toBeTruthy();
    expect(screen.queryByTestId('case-submit')).toBeNull();
  });
});

describe('import', () => {
  it('shows progress from the channel, cancels, then summarises the result', async () => {
    let channel: Channel<ImportEvent> | undefined;
    let finish: (r: ImportReport) => void = () => {};
    const added = makeItem({ id: 9, original_name: '账单.png' });
    const held = makeItem({ id: 2, original_name: '支付截图.png', number: '1-1' });
    let listed: Item[] = [held];
    const backend = openCase({
      list_items: () => listed,
      import_with_dialog: (args) => {
        channel = args.onEvent as Channel<ImportEvent>;
        return new Promise<ImportReport>((resolve) => (finish = resolve));
      },
    });
    await fireEvent.click(await screen.findByTestId('add-files'));
    expect(backend.callsTo('import_with_dialog')[0].args).toMatchObject({ caseId: 3, folders: false });
    expect((screen.getByTestId('add-files') as HTMLButtonElement).disabled).toBe(true);

    channel!.onmessage({ kind: 'started', files: 4, bytes: 4000 });
    channel!.onmessage({ kind: 'progress', files_done: 1, bytes_done: 1000, name: '账单.png' });
    expect(await screen.findByText('1 / 4 个文件')).toBeTruthy();
    expect(screen.getByText('正在处理：账单.png')).toBeTruthy();
    const bar = document.querySelector('progress')!;
    expect(bar.value).toBe(1000);
    expect(bar.max).toBe(4000);

    await fireEvent.click(screen.getByRole('button', { name: '停止导入' }));
    expect(backend.callsTo('cancel_import')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: '正在停止…' })).toBeTruthy();

    listed = [held, added];
    finish({
      added: [added],
      duplicates: [{ path: '/home/u/a/账单副本.png', sha256: HASH_A, existing_item_id: 2 }],
      skipped: [
        {
          path: '/home/u/a/.DS_Store',
          code: 'system_file',
          message: 'system file, not evidence',
          message_zh: '系统文件，不是证据',
        },
      ],
      suggested: [],
      cancelled: true,
      ocr: [],
    });

    const summary = await screen.findByTestId('import-summary');
    expect(summary.textContent).toContain('已添加 1 · 重复 1 · 跳过 1');
    expect(summary.textContent).toContain('导入已停止');
    expect(within(summary).getByText('/home/u/a/账单副本.png')).toBeTruthy();
    // The file it already holds is named as the pack numbers it, and opens from here.
    expect(within(summary).getByTestId('duplicate-of').textContent).toBe('已在案中：证据1-1 支付截图.png');
    expect(within(summary).getByText('系统文件，不是证据')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
    expect(document.querySelector('progress')).toBeNull();

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(within(summary).getByText('system file, not evidence')).toBeTruthy();
    expect(summary.textContent).toContain('Added 1 · Duplicates 1 · Skipped 1');

    await fireEvent.click(within(summary).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('import-summary')).toBeNull();
  });

  it('reads the screenshots after opening, shows progress and "reading…", stops on request, then reloads', async () => {
    let channel: Channel<OcrEvent> | undefined;
    let finish: (r: OcrOutcome[]) => void = () => {};
    const shot = makeItem({ id: 5, case_id: 3, original_name: '支付成功.png' });
    const backend = openCase({
      list_items: () => [shot],
      read_captures: (args) => {
        channel = args.onEvent as Channel<OcrEvent>;
        return new Promise<OcrOutcome[]>((resolve) => (finish = resolve));
      },
    });
    await waitFor(() => expect(backend.callsTo('read_captures')).toHaveLength(1));
    expect(backend.callsTo('read_captures')[0].args).toMatchObject({ caseId: 3 });
    channel!.onmessage({ kind: 'started', items: [5, 6] });
    expect(await screen.findByText('正在识别截图中的文字：0 / 2')).toBeTruthy();
    expect(await screen.findByTestId('item-reading')).toBeTruthy();
    const outcome = { item_id: 5, read: true, lines: 9, facts: 3, reason: null, reason_zh: null };
    channel!.onmessage({ kind: 'read', done: 1, total: 2, outcome });
    expect(await screen.findByText('正在识别截图中的文字：1 / 2')).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('item-reading')).toBeNull());
    await fireEvent.click(screen.getByRole('button', { name: '停止识别' }));
    expect(backend.callsTo('cancel_reading')).toHaveLength(1);
    const before = backend.callsTo('check_case').length;
    finish([outcome]);
    await waitFor(() => expect(screen.queryByTestId('ocr-progress')).toBeNull());
    // What was read changes facts and the checklist: the page loads them again.
    await waitFor(() => expect(backend.callsTo('check_case').length).toBeGreaterThan(before));
  });

  it('Ctrl+O opens the file dialog for the open case', async () => {
    const backend = openCase({ import_with_dialog: () => null });
    await screen.findByTestId('case-heading');
    await fireEvent.keyDown(window, { key: 'o', ctrlKey: true });
    await waitFor(() => expect(backend.callsTo('import_with_dialog')).toHaveLength(1));
    expect(backend.callsTo('import_with_dialog')[0].args).toMatchObject({ caseId: 3, folders: false });
  });

  it('does nothing visible when the dialog is closed without choosing', async () => {
    const backend = openCase({ import_with_dialog: () => null });
    await fireEvent.click(await screen.findByTestId('add-folder'));
    expect(backend.callsTo('import_with_dialog')[0].args).toMatchObject({ caseId: 3, folders: true });
    await waitFor(() => expect((screen.getByTestId('add-folder') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('import-summary')).toBeNull();
    expect(document.querySelector('.toasts [role="alert"]')!.textContent!.trim()).toBe('');
  });

  it('imports dropped files into the open case', async () => {
    const report: ImportReport = { added: [], suggested: [], duplicates: [], skipped: [], cancelled: false, ocr: [] };
    const backend = openCase({ import_dropped: () => report });
    await screen.findByTestId('case-heading');
    await backend.emit('proofpack://dropped', { count: 2 });
    expect(await screen.findByTestId('import-summary')).toBeTruthy();
    expect(backend.callsTo('import_dropped')[0].args).toMatchObject({ caseId: 3 });
    expect(backend.callsTo('discard_drop')).toHaveLength(0);
  });

  it('discards a drop with a notice when no case is open', async () => {
    const backend = fakeBackend({});
    render(App);
    await screen.findByText('先建一个案件，把证据收好');
    await backend.emit('proofpack://dropped', { count: 1 });
    expect(await screen.findByText('请先打开或新建一个案件，再把文件拖进来。')).toBeTruthy();
    expect(backend.callsTo('discard_drop')).toHaveLength(1);
    expect(backend.callsTo('import_dropped')).toHaveLength(0);
  });

  it('reports a failed import in the error area', async () => {
    openCase({
      import_with_dialog: () => {
        throw { code: 'busy', message: 'library is busy', message_zh: '证据库正忙' };
      },
    });
    await fireEvent.click(await screen.findByTestId('add-files'));
    const alert = await screen.findByText('证据库正忙');
    expect(alert.closest('[role="alert"]')).toBeTruthy();
  });
});

describe('integrity', () => {
  const okReport: VerifyReport = {
    ok: true,
    cases: [{ case_id: 3, entries: 12, checkpoint: HASH_B, ok: true }],
    objects_checked: 9,
    bytes_checked: 123456,
    problems: [],
    verified_at: '2026-11-25T08:05:00.000Z',
  };

  it('shows a successful verification', async () => {
    const backend = openCase({ verify_case: () => okReport });
    await fireEvent.click(await screen.findByTestId('verify'));
    const result = await screen.findByTestId('verify-result');
    expect(result.getAttribute('data-ok')).toBe('true');
    expect(result.textContent).toContain('校验通过');
    expect(result.textContent).toContain('证据链完整：12 条记录，9 个文件已重新计算哈希');
    expect(within(result).getByText(HASH_B.slice(0, 12))).toBeTruthy();
    expect(result.textContent).toContain('2026年11月25日 08:05');
    expect(backend.callsTo('verify_case')[0].args).toEqual({ caseId: 3 });
  });

  it('lists every problem of a failed verification in the current language', async () => {
    openCase({
      verify_case: () => ({
        ...okReport,
        ok: false,
        cases: [{ ...okReport.cases[0], ok: false }],
        problems: [
          {
            code: 'object_changed',
            case_id: 3,
            seq: null,
            item_id: 4,
            field: null,
            expected: HASH_A,
            actual: HASH_B,
            message: 'item 4: stored file no longer matches its hash',
            message_zh: '证据 4：保存的文件与其哈希不再一致',
          },
          {
            code: 'entry_hash',
            case_id: 3,
            seq: 5,
            item_id: null,
            field: null,
            expected: null,
            actual: null,
            message: 'ledger entry 5 was altered',
            message_zh: '第 5 条记录被改动过',
          },
        ],
      }),
    });
    await fireEvent.click(await screen.findByTestId('verify'));
    const result = await screen.findByTestId('verify-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain('校验未通过');
    expect(result.textContent).toContain('发现 2 个问题');
    expect(within(result).getByText('证据 4：保存的文件与其哈希不再一致')).toBeTruthy();
    expect(within(result).getByText('第 5 条记录被改动过')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('lang-switch'));
    expect(within(result).getByText('ledger entry 5 was altered')).toBeTruthy();
    expect(result.textContent).toContain('Verification failed');
  });

  it('shows the ledger history with localized actions', async () => {
    const backend = openCase({
      case_log: () => [
        {
          seq: 1,
          case_id: 3,
          at: '2026-11-20T02:00:00.000Z',
          action: 'case_created',
          payload: { case: { title: '视频年卡' } },
          prev: '0'.repeat(64),
          hash: HASH_A,
        },
        {
          seq: 2,
          case_id: 3,
          at: '2026-11-21T03:30:00.000Z',
          action: 'evidence_added',
          payload: { item: { id: 1, original_name: EVIL_NAME } },
          prev: HASH_A,
          hash: HASH_B,
        },
      ],
    });
    await screen.findByTestId('case-heading');
    const details = document.querySelector('details')!;
    details.open = true;
    await fireEvent(details, new Event('toggle'));
    expect(await screen.findByText('创建案件')).toBeTruthy();
    expect(screen.getByText('添加证据')).toBeTruthy();
    expect(screen.getByText(`#1 ${EVIL_NAME}`)).toBeTruthy();
    expect(screen.getByText(HASH_B.slice(0, 12))).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    expect(backend.callsTo('case_log')[0].args).toEqual({ caseId: 3 });
  });
});
