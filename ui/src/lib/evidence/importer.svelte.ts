// One import at a time across the app (cancel_import takes no id, so Rust runs one at a time).
// Screens read this state; CasePage reloads its items when `finished` changes.
import { Channel } from '@tauri-apps/api/core';
import { api } from '../api';
import type { ImportEvent } from '../bindings/ImportEvent';
import type { ImportReport } from '../bindings/ImportReport';
import { showError } from '../notify.svelte';

export type ImportSource = 'files' | 'folder' | 'drop';
type Phase = 'idle' | 'waiting' | 'running';

class Importer {
  caseId = $state<number | null>(null);
  source = $state<ImportSource>('files');
  phase = $state<Phase>('idle');
  total = $state(0);
  totalBytes = $state(0);
  done = $state(0);
  bytesDone = $state(0);
  current = $state('');
  cancelling = $state(false);
  // Raw: a report can list thousands of files; it is replaced, never mutated.
  report = $state.raw<ImportReport | null>(null);
  /** Counts finished imports so pages can react to "something new arrived". */
  finished = $state(0);

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  async start(caseId: number, source: ImportSource): Promise<ImportReport | null> {
    if (this.busy) return null;
    this.reset(caseId, source);
    const channel = new Channel<ImportEvent>();
    channel.onmessage = (event) => this.onEvent(event);
    try {
      const report =
        source === 'drop'
          ? await api.importDropped(caseId, channel)
          : await api.importWithDialog(caseId, source === 'folder', channel);
      // null: the user closed the native dialog; nothing happened, so nothing to report.
      if (report) this.report = report;
      return report;
    } catch (e) {
      showError(e);
      return null;
    } finally {
      this.phase = 'idle';
      this.cancelling = false;
      this.finished += 1;
    }
  }

  async cancel(): Promise<void> {
    if (this.phase === 'idle' || this.cancelling) return;
    this.cancelling = true;
    try {
      await api.cancelImport();
    } catch (e) {
      this.cancelling = false;
      showError(e);
    }
  }

  dismissReport(): void {
    this.report = null;
  }

  private reset(caseId: number, source: ImportSource): void {
    this.caseId = caseId;
    this.source = source;
    this.phase = 'waiting';
    this.total = 0;
    this.totalBytes = 0;
    this.done = 0;
    this.bytesDone = 0;
    this.current = '';
    this.cancelling = false;
    this.report = null;
  }

  private onEvent(event: ImportEvent): void {
    if (event.kind === 'started') {
      this.phase = 'running';
      this.total = event.files;
      this.totalBytes = event.bytes;
    } else {
      this.phase = 'running';
      this.done = event.files_done;
      this.bytesDone = event.bytes_done;
      this.current = event.name;
    }
  }
}

export const importer = new Importer();
