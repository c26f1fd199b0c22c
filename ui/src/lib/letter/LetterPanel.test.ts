import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { Lang } from '../bindings/Lang';
import type { Letter } from '../bindings/Letter';
import type { LetterKind } from '../bindings/LetterKind';
import { setLocale } from '../i18n/index.svelte';
import { refundChoice } from '../readiness/refundChoice.svelte';
import { nav } from '../nav.svelte';
import { importer } from '../evidence/importer.svelte';
import { evidenceHandlers, type Handler } from '../../test/backend';
import { renderCase } from '../../test/render';
import { makeCase, makeItem } from '../../test/fixtures';

const record = makeCase({ id: 3 });
const items = [makeItem({ id: 1, case_id: 3, original_name: '订单截图.png', category: 'purchase' })];

function letterOf(kind: LetterKind, lang: Lang, text: string, missing: string[] = []): Letter {
  return { kind, lang, text, missing, evidence: [], draft: null, stale: [] };
}

const composeHandler: Handler = (args) =>
  letterOf(args.kind as LetterKind, args.lang as Lang, `${args.kind}/${args.lang}: 请于 7 日内退款。【投诉人姓名】`, [
    '投诉人姓名',
    '联系电话',
  ]);

function openCase(handlers: Record<string, Handler> = {}) {
  return renderCase({ ...evidenceHandlers({ record, items }), case_letter: composeHandler, ...handlers });
}

const panel = () => screen.getByTestId('letter');
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const area = () => within(panel()).getByTestId('letter-text') as HTMLTextAreaElement;
const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

beforeEach(() => {
  refundChoice.clear();
  setLocale('zh-CN');
  nav.home();
  importer.dismissReport();
});

afterEach(() => {
  if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
  else delete (navigator as { clipboard?: unknown }).clipboard;
});

describe('letter', () => {
  it('comes after the escalation log, with labelled controls and the UI language as default', async () => {
    openCase();
    await screen.findByTestId('letter');
    const contacts = screen.getByTestId('contacts');
    expect(contacts.compareDocumentPosition(panel()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const p = within(panel());
    expect(p.getByLabelText('文书类型')).toBe(p.getByTestId('letter-kind'));
    expect((p.getByLabelText('文书语言') as HTMLSelectElement).value).toBe('zh');
    expect(text(p.getByTestId('letter-kind'))).toContain('退款申请函');
    expect(text(p.getByTestId('letter-kind'))).toContain('12315 投诉草稿');
    expect(p.queryByTestId('letter-text')).toBeNull();
  });

  it('defaults to English when the interface is English', async () => {
    setLocale('en');
    openCase();
    await screen.findByTestId('letter');
    expect((within(panel()).getByLabelText('Language of the letter') as HTMLSelectElement).value).toBe('en');
  });

  it('sends the chosen kind and language and shows the text and missing list', async () => {
    const backend = openCase();
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.change(p.getByTestId('letter-kind'), { target: { value: 'complaint_12315' } });
    await fireEvent.change(p.getByTestId('letter-lang'), { target: { value: 'en' } });
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(p.getByTestId('letter-text')).toBeTruthy());
    expect(backend.callsTo('case_letter')).toEqual([
      { cmd: 'case_letter', args: { caseId: 3, kind: 'complaint_12315', lang: 'en', basis: null } },
    ]);
    expect(area().value).toBe('complaint_12315/en: 请于 7 日内退款。【投诉人姓名】');
    expect(p.getByLabelText('文书内容（可直接修改）')).toBe(area());
    const missing = p.getByTestId('letter-missing');
    expect(text(missing)).toContain('发送前请补全以下内容');
    expect(within(missing).getAllByTestId('letter-missing-item').map(text)).toEqual(['投诉人姓名', '联系电话']);
    expect(text(p.getByTestId('letter-save-state'))).toBe('根据案件生成，尚未保存');
    expect((p.getByTestId('letter-save') as HTMLButtonElement).disabled).toBe(true);
    setLocale('en');
    await waitFor(() => expect(text(p.getByTestId('letter-save-state'))).toContain('not saved yet'));
    expect(text(p.getByTestId('letter-missing'))).toContain('Fill these in before sending');
  });

  it('keeps edits until Compose is clicked again, which resets the text', async () => {
    const backend = openCase();
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(area().value).toContain('request/zh'));
    await fireEvent.input(area(), { target: { value: 'my edit' } });
    await fireEvent.change(p.getByTestId('letter-kind'), { target: { value: 'complaint_12315' } });
    expect(area().value).toBe('my edit');
    expect(backend.callsTo('case_letter')).toHaveLength(1);
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(area().value).toContain('complaint_12315/zh'));
    expect(backend.callsTo('case_letter')).toHaveLength(2);
  });

  it('saves the edit with the case and shows when', async () => {
    const backend = openCase({
      save_letter: (args) => ({ text: args.text, saved_at: '2026-11-25T08:00:00.000Z' }),
    });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(area().value).toContain('request/zh'));
    await fireEvent.input(area(), { target: { value: '张三：请退款。' } });
    expect(text(p.getByTestId('letter-save-state'))).toBe('● 有未保存的修改');
    await fireEvent.click(p.getByTestId('letter-save'));
    await waitFor(() => expect(text(p.getByTestId('letter-save-state'))).toContain('已于'));
    expect(text(p.getByTestId('letter-save-state'))).toContain('随案件保存');
    expect(backend.callsTo('save_letter')).toEqual([
      { cmd: 'save_letter', args: { caseId: 3, kind: 'request', lang: 'zh', text: '张三：请退款。' } },
    ]);
    expect((p.getByTestId('letter-save') as HTMLButtonElement).disabled).toBe(true);
    // The saved edit differs from the composition: the composition stays one click away.
    await fireEvent.click(p.getByTestId('letter-use-composed'));
    expect(area().value).toContain('request/zh');
    expect(text(p.getByTestId('letter-save-state'))).toBe('● 有未保存的修改');
  });

  it('opens the saved edit rather than a fresh composition', async () => {
    openCase({
      case_letter: () => ({
        ...letterOf('request', 'zh', '新生成的文书'),
        draft: { text: '我保存的版本', saved_at: '2026-11-24T01:02:03.000Z' },
      }),
    });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(area().value).toBe('我保存的版本'));
    expect(text(p.getByTestId('letter-save-state'))).toContain('已于');
    setLocale('en');
    await waitFor(() => expect(text(p.getByTestId('letter-save-state'))).toContain('Saved with the case at'));
  });

  it('says how a saved letter no longer matches the case, until a matching one is saved', async () => {
    const notes = [
      {
        message: 'number 1-1 now belongs to another file, 账单.csv',
        message_zh: '编号1-1现在属于另一个文件：账单.csv',
      },
    ];
    let saved = false;
    openCase({
      case_letter: () => ({
        ...letterOf('request', 'zh', '新生成的文书'),
        draft: { text: '我保存的版本', saved_at: '2026-11-24T01:02:03.000Z' },
        stale: saved ? [] : notes,
      }),
      save_letter: (args) => {
        saved = true;
        return { text: args.text as string, saved_at: '2026-11-25T01:02:03.000Z' };
      },
    });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    const stale = await p.findByTestId('letter-stale');
    expect(text(stale)).toContain('你保存的信件与案件已不一致');
    expect(text(stale)).toContain('编号1-1现在属于另一个文件：账单.csv');
    setLocale('en');
    await waitFor(() => expect(text(stale)).toContain('now belongs to another file'));
    await fireEvent.click(p.getByTestId('letter-use-composed'));
    await fireEvent.click(p.getByTestId('letter-save'));
    await waitFor(() => expect(p.queryByTestId('letter-stale')).toBeNull());
  });

  it('claims the refund the calculator computed, and says so in both languages', async () => {
    const backend = openCase({
      compute_refund: () => ({ price: '68.00', refund: '45.33', rule: 'days', rule_zh: '按天数' }),
    });
    const calc = await screen.findByTestId('refund-calculator');
    await fireEvent.click(within(calc).getByLabelText('按天数折算'));
    await fireEvent.input(within(calc).getByLabelText('总天数'), { target: { value: '30' } });
    await fireEvent.input(within(calc).getByLabelText('已使用天数'), { target: { value: '10' } });
    await fireEvent.click(within(calc).getByTestId('refund-calculate'));
    await within(calc).findByTestId('refund-result');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    const claim = await p.findByTestId('letter-claim');
    expect(text(claim)).toBe('信件按退款计算器的结果索赔（按天数折算）。');
    expect(backend.callsTo('case_letter').at(-1)!.args).toMatchObject({
      caseId: 3,
      basis: { basis: 'days', total: 30, used: 10 },
    });
    setLocale('en');
    await waitFor(() => expect(text(claim)).toContain('The letter claims what the refund calculator computed'));
  });

  it('claims the full price when the calculator was not used', async () => {
    const backend = openCase();
    await screen.findByTestId('letter');
    await fireEvent.click(within(panel()).getByTestId('letter-compose'));
    await waitFor(() => expect(backend.callsTo('case_letter')).toHaveLength(1));
    expect(backend.callsTo('case_letter')[0].args).toMatchObject({ basis: null });
    expect(within(panel()).queryByTestId('letter-claim')).toBeNull();
  });

  it('shows a save error and keeps the edit', async () => {
    openCase({
      save_letter: () => {
        throw { code: 'invalid_input', message: 'the letter is empty', message_zh: '信件内容为空' };
      },
    });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(area().value).toContain('request/zh'));
    await fireEvent.input(area(), { target: { value: ' ' } });
    await fireEvent.click(p.getByTestId('letter-save'));
    await waitFor(() => expect(text(p.getByTestId('letter-save-error'))).toBe('⚠ 未能保存：信件内容为空'));
    expect(area().value).toBe(' ');
  });

  it('copies the edited text', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (s: string) => void written.push(s) },
      configurable: true,
    });
    openCase();
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(p.getByTestId('letter-text')).toBeTruthy());
    await fireEvent.input(area(), { target: { value: '张三 13800000000\n请退款。' } });
    await fireEvent.click(p.getByTestId('letter-copy'));
    await waitFor(() => expect(text(p.getByTestId('letter-copy-state'))).toBe('✓ 已复制到剪贴板'));
    expect(written).toEqual(['张三 13800000000\n请退款。']);
  });

  it('says so when copying fails', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: {
        writeText: async () => {
          throw new Error('denied');
        },
      },
      configurable: true,
    });
    openCase();
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(p.getByTestId('letter-text')).toBeTruthy());
    await fireEvent.click(p.getByTestId('letter-copy'));
    await waitFor(() => expect(text(p.getByTestId('letter-copy-state'))).toContain('复制失败'));
  });

  it('shows an error inline in the current language', async () => {
    openCase({
      case_letter: () => {
        throw { code: 'case_not_found', message: 'case 3 does not exist', message_zh: '案件 3 不存在' };
      },
    });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(text(p.getByTestId('letter-error'))).toBe('⚠ 未能生成：案件 3 不存在'));
    expect(p.queryByTestId('letter-text')).toBeNull();
    setLocale('en');
    await waitFor(() =>
      expect(text(p.getByTestId('letter-error'))).toBe('⚠ Could not compose the letter: case 3 does not exist'),
    );
  });

  it('keeps text literal', async () => {
    const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    openCase({ case_letter: () => letterOf('request', 'zh', `前言 ${EVIL}`, [EVIL]) });
    await screen.findByTestId('letter');
    const p = within(panel());
    await fireEvent.click(p.getByTestId('letter-compose'));
    await waitFor(() => expect(p.getByTestId('letter-text')).toBeTruthy());
    expect(area().value).toBe(`前言 ${EVIL}`);
    expect(text(p.getByTestId('letter-missing-item'))).toBe(EVIL);
    expect(panel().querySelector('script, img')).toBeNull();
  });
});
