// Reading the text of a case's screenshots after import, one run at a time across the app
// (cancel_reading takes no id). CasePage starts it when a case opens and after each import;
// items still waiting show "reading…"; pages reload when `finished` changes.
import { Channel } from '@tauri-apps/api/core';
import { api } from '../api';
import type { OcrEvent } from '../bindings/OcrEvent';
import { showError } from '../notify.svelte';

class Reader {
  caseId = $state<number | null>(null);
  running = $state(false);
  total = $state(0);
  done = $state(0);
  cancelling = $state(false);
  /** Items waiting to be read in the current run. */
  waiting = $state<Set<number>>(new Set());
  /** Items whose picture could not be read in the last run (they keep a reason). */
  failed = $state(0);
  /** Counts runs that read something, so pages can reload facts and the checklist. */
  finished = $state(0);
  /** Another case asked while a run was going: read it next. */
  private queued: number | null = null;

  isWaiting(itemId: number): boolean {
    return this.running && this.waiting.has(itemId);
  }

  async start(caseId: number): Promise<void> {
    if (this.running) {
      if (caseId !== this.caseId) this.queued = caseId;
      else this.queued = caseId; // new captures may have arrived: look again when done
      return;
    }
    this.caseId = caseId;
    this.running = true;
    this.total = 0;
    this.done = 0;
    this.failed = 0;
    this.cancelling = false;
    const channel = new Channel<OcrEvent>();
    channel.onmessage = (e) => this.onEvent(e);
    try {
      const outcomes = await api.readCaptures(caseId, channel);
      if (outcomes.length > 0) this.finished += 1;
    } catch (e) {
      showError(e);
    } finally {
      this.running = false;
      this.cancelling = false;
      this.waiting = new Set();
    }
    const next = this.queued;
    this.queued = null;
    if (next !== null) await this.start(next);
  }

  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    this.queued = null;
    try {
      await api.cancelReading();
    } catch (e) {
      this.cancelling = false;
      showError(e);
    }
  }

  private onEvent(e: OcrEvent): void {
    if (e.kind === 'started') {
      this.total = e.items.length;
      this.waiting = new Set(e.items);
    } else {
      this.done = e.done;
      this.total = e.total;
      if (e.outcome.reason) this.failed += 1;
      const left = new Set(this.waiting);
      left.delete(e.outcome.item_id);
      this.waiting = left;
    }
  }
}

export const reader = new Reader();
