import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Channel } from '@tauri-apps/api/core';
import App from '../../App.svelte';
import type { BundleReport } from '../bindings/BundleReport';
import type { ExportEvent } from '../bindings/ExportEvent';
import type { ExportReport } from '../bindings/ExportReport';
import { setLocale } from '../i18n/index.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, fakeBackend, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { makeCase } from '../../test/fixtures';

const record = makeCase({ id: 3 });
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const HASH = 'ab'.repeat(32);

const report: ExportReport = {
  path: '/home/u/Desktop/proofpack-case3-20261125.zip',
  sha256: HASH,
  folder: false,
  files: 12,
  bytes: 450000,
  pages: 11,
  entries: 9,
  checkpoint: 'cd'.repeat(32),
  recorded_seq: 10,
};

function openCase(handlers: Record<string, Handler> = {}) {
  return renderCase({ ...evidenceHandlers({ record, items: [] }), ...handlers });
}

beforeEach(() => {
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

describe('export', () => {
  it('sends the chosen options, shows progress, then the pack and its hash', async () => {
    let channel: Channel<ExportEvent> | undefined;
    let finish: (r: ExportReport | null) => void = () => {};
    const backend = openCase({
      export_case: (args) => {
        channel = args.onEvent as Channel<ExportEvent>;
        return new Promise((resolve) => (finish = resolve));
      },
      reveal_export: () => null,
    });
    const panel = await screen.findByTestId('export');
    const p = within(panel);
    expect(p.getByLabelText('中文 + English')).toBe(p.getByTestId('export-lang-both'));
    await fireEvent.click(p.getByTestId('export-lang-both'));
    await fireEvent.click(p.getByTestId('export-folder'));
    await fireEvent.click(p.getByTestId('export-transcripts'));
    await fireEvent.click(p.getByTestId('export-start'));
    expect(backend.callsTo('export_case')[0].args).toMatchObject({
      caseId: 3,
      options: { lang: 'both', folder: true, parts: { pictures: true, transcripts: false, letter: true } },
    });
    expect(text(await p.findByTestId('export-progress'))).toContain('正在生成报告');
    channel!.onmessage({ stage: 'writing', done: 500, total: 1000 });
    await waitFor(() => expect(panel.querySelector('progress')!.value).toBe(500));
    finish(report);
    const result = await p.findByTestId('export-result');
    expect(text(result)).toContain('证据包已导出');
    expect(text(p.getByTestId('export-path'))).toBe(report.path);
    expect(text(p.getByTestId('export-sha'))).toBe(HASH);
    expect(text(result)).toContain('12 个文件 · 报告 11 页 · 证据链 9 条记录');
    expect(text(result)).toContain('#10');
    await fireEvent.click(p.getByTestId('export-reveal'));
    expect(backend.callsTo('reveal_export')).toHaveLength(1);
    setLocale('en');
    await waitFor(() => expect(text(result)).toContain('Evidence pack exported'));
    expect(text(result)).toContain('12 files · 11 report pages · 9 chain entries');
  });

  it('a stale letter is answered before exporting: regenerate or keep, sent as the choice', async () => {
    const stale = {
      code: 'letter_stale',
      message: 'the saved letter no longer matches the case (number 1-1 now belongs to another file, 账单.csv)',
      message_zh: '保存的信件与案件已不一致（编号1-1现在属于另一个文件：账单.csv）：请重新生成，或保留原文',
    };
    const backend = openCase({
      export_case: (args) => {
        const choice = (args.options as { stale_letter: string | null }).stale_letter;
        if (choice === null) throw stale;
        return report;
      },
    });
    const panel = await screen.findByTestId('export');
    const p = within(panel);
    await fireEvent.click(p.getByTestId('export-start'));
    const asked = await p.findByTestId('export-stale-letter');
    expect(text(asked)).toContain('编号1-1现在属于另一个文件');
    expect(text(asked)).toContain('重新生成信件并导出');
    expect(p.queryByTestId('export-error')).toBeNull();
    setLocale('en');
    await waitFor(() => expect(text(asked)).toContain('Keep my letter as written and export'));
    expect(text(asked)).toContain('now belongs to another file');
    await fireEvent.click(p.getByTestId('export-keep'));
    await p.findByTestId('export-result');
    const sent = backend.callsTo('export_case').map((c) => (c.args.options as { stale_letter: unknown }).stale_letter);
    expect(sent).toEqual([null, 'keep']);
    expect(p.queryByTestId('export-stale-letter')).toBeNull();
  });

  it('cancels: the button calls cancel_export and the panel says nothing was written', async () => {
    let fail: (e: unknown) => void = () => {};
    const backend = openCase({
      export_case: () => new Promise((_, reject) => (fail = reject)),
      cancel_export: () => null,
    });
    const p = within(await screen.findByTestId('export'));
    await fireEvent.click(p.getByTestId('export-start'));
    await fireEvent.click(await p.findByTestId('export-cancel'));
    expect(backend.callsTo('cancel_export')).toHaveLength(1);
    fail({ code: 'cancelled', message: 'cancelled', message_zh: '已取消' });
    expect(text(await p.findByTestId('export-cancelled'))).toContain('没有写出任何文件');
    expect(p.queryByTestId('export-result')).toBeNull();
    expect(p.getByTestId('export-start')).toBeTruthy();
  });

  it('a closed dialog changes nothing; an error is shown in the current language', async () => {
    let answer: unknown = null;
    openCase({
      export_case: () => {
        if (answer) throw answer;
        return null;
      },
    });
    const p = within(await screen.findByTestId('export'));
    await fireEvent.click(p.getByTestId('export-start'));
    await waitFor(() => expect(p.getByTestId('export-start')).toBeTruthy());
    expect(p.queryByTestId('export-result')).toBeNull();
    answer = { code: 'io', message: '/x/pack.zip: already exists', message_zh: '/x/pack.zip：已存在' };
    await fireEvent.click(p.getByTestId('export-start'));
    expect(text(await p.findByTestId('export-error'))).toBe('⚠ 导出失败：/x/pack.zip：已存在');
  });
});

describe('verify a pack', () => {
  const bad: BundleReport = {
    ok: false,
    path: '/tmp/p.zip',
    case_title: '<img src=x onerror=alert(1)>',
    order_no: '202611020001',
    files_checked: 10,
    items_checked: 4,
    entries_checked: 7,
    checkpoint: 'ef'.repeat(32),
    as_of: '2026-11-25T00:00:00Z',
    problems: [
      {
        code: 'hash_mismatch',
        subject: 'evidence/1-purchase/1-1_a.png',
        message: 'evidence/1-purchase/1-1_a.png was changed',
        message_zh: 'evidence/1-purchase/1-1_a.png 已被修改',
      },
    ],
  };

  it('opens from the header, asks Rust for a ZIP or a folder and shows the problems', async () => {
    const backend = fakeBackend({ verify_pack: (args) => (args.folder ? { ...bad, ok: true, problems: [] } : bad) });
    render(App);
    await fireEvent.click(screen.getByTestId('open-verify-pack'));
    const page = await screen.findByTestId('verify-pack-page');
    await fireEvent.click(within(page).getByTestId('verify-pack-zip'));
    const result = await screen.findByTestId('verify-pack-result');
    expect(result.dataset.ok).toBe('false');
    expect(text(result)).toContain('核验未通过：发现 1 个问题');
    expect(text(within(result).getByTestId('verify-pack-problems'))).toBe('evidence/1-purchase/1-1_a.png 已被修改');
    expect(text(screen.getByTestId('verify-pack-title'))).toBe(bad.case_title);
    expect(result.querySelector('img')).toBeNull();
    expect(backend.callsTo('verify_pack')[0].args).toEqual({ folder: false });
    await fireEvent.click(within(page).getByTestId('verify-pack-folder'));
    await waitFor(() => expect(screen.getByTestId('verify-pack-result').dataset.ok).toBe('true'));
    setLocale('en');
    await waitFor(() =>
      expect(text(screen.getByTestId('verify-pack-result'))).toContain('Verified: the pack is complete'),
    );
  });
});

describe('sample case', () => {
  it('the empty home offers the sample case and opens it', async () => {
    const demo = makeCase({ id: 7, title: '示例：星河视频会员付款后未开通' });
    const backend = fakeBackend({ ...evidenceHandlers({ record: demo, items: [] }), create_demo: () => demo });
    render(App);
    await fireEvent.click(await screen.findByTestId('try-demo'));
    expect(backend.callsTo('create_demo')).toHaveLength(1);
    await waitFor(() => expect(nav.view).toEqual({ name: 'case', id: 7 }));
    expect(text(await screen.findByTestId('case-heading'))).toBe(demo.title);
  });
});
