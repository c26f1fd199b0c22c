// Reads the derived views Rust sends (`Derived.kind` + `body`). Rust parses the stored body
// into its type before sending it (a body it cannot read arrives as kind "none"), so the kind
// alone decides the view.
import type { Bill } from '../bindings/Bill';
import type { CaptureChat } from '../bindings/CaptureChat';
import type { Derived } from '../bindings/Derived';
import type { Fact } from '../bindings/Fact';
import type { FactKind } from '../bindings/FactKind';
import type { Picture } from '../bindings/Picture';
import type { Transcript } from '../bindings/Transcript';

export function readPicture(d: Derived): Picture | null {
  return d.kind === 'image' ? d.body : null;
}

export function readTranscript(d: Derived): Transcript | null {
  return d.kind === 'transcript' ? d.body : null;
}

export function readBill(d: Derived): Bill | null {
  return d.kind === 'bill' ? d.body : null;
}

export function readText(d: Derived): string | null {
  return d.kind === 'text' ? d.body : null;
}

// ---- Highlighting facts inside message text ------------------------------------------------

export type Segment = { text: string; kind: FactKind | null };
export type Needle = { value: string; kind: FactKind };

// ASCII-only lowercasing keeps every index identical to the original text (English refusal
// phrases are matched case-insensitively by Rust, and stored lowercase).
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Splits `text` into plain and highlighted pieces around every occurrence of a needle. Overlaps
 * are resolved left to right, longest first. The result is data: the caller renders each piece
 * as a text node (inside <mark> or not), so message text can never become markup.
 */
export function highlight(text: string, needles: Needle[]): Segment[] {
  const hay = asciiLower(text);
  const hits: { start: number; end: number; kind: FactKind }[] = [];
  for (const n of needles) {
    const needle = asciiLower(n.value.trim());
    if (!needle) continue;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
      hits.push({ start: at, end: at + needle.length, kind: n.kind });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let pos = 0;
  for (const h of hits) {
    if (h.start < pos) continue;
    if (h.start > pos) out.push({ text: text.slice(pos, h.start), kind: null });
    out.push({ text: text.slice(h.start, h.end), kind: h.kind });
    pos = h.end;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), kind: null });
  return out;
}

/** Fact kinds worth marking inside a message; amounts and dates are normalised, not literal. */
const MARKED: readonly FactKind[] = ['refusal', 'ticket_no', 'order_no', 'promise'];

/** The needles of each transcript message, by message index. */
export function messageNeedles(facts: Fact[]): Map<number, Needle[]> {
  const out = new Map<number, Needle[]>();
  for (const f of facts) {
    if (f.source !== 'transcript' || !MARKED.includes(f.kind)) continue;
    const list = out.get(f.position) ?? [];
    list.push({ value: f.value, kind: f.kind });
    out.set(f.position, list);
  }
  return out;
}

/**
 * Facts read from a chat capture (source "ocr", position = line) re-addressed to the messages
 * of its transcript, so the transcript view marks them like a chat export's.
 */
export function capturedChatFacts(facts: Fact[], chat: CaptureChat): Fact[] {
  const messageOf = new Map<number, number>();
  chat.lines.forEach((lines, m) => lines.forEach((l) => messageOf.set(l, m)));
  return facts.flatMap((f) => {
    const m = f.source === 'ocr' ? messageOf.get(f.position) : undefined;
    return m === undefined ? [] : [{ ...f, source: 'transcript', position: m }];
  });
}

// ---- Amounts ------------------------------------------------------------------------------
// Which bill rows match the case is decided in Rust (ItemDetails.bill_matches), never here.

/** "¥1,068.00", "68", "68.0 CNY" -> "1068" / "68": a canonical decimal, or null if not a number. */
export function normalizeAmount(text: string | null): string | null {
  if (!text) return null;
  const s = text.replace(/[¥￥,\s]/g, '').replace(/(CNY|RMB|元)$/i, '');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const whole = m[2].replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]}${whole}${fraction ? `.${fraction}` : ''}`;
}
