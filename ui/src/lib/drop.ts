// Files dropped on the window: Rust holds the paths and tells us how many arrived.
// They go to the case on screen; with no case open they are discarded and the user is told why.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { api, DROPPED_EVENT, type DroppedPayload } from './api';
import { importer } from './evidence/importer.svelte';
import { nav } from './nav.svelte';
import { showError, showNotice } from './notify.svelte';

export async function handleDrop(): Promise<void> {
  const caseId = nav.visibleCaseId();
  if (caseId !== null && !importer.busy) {
    await importer.start(caseId, 'drop');
    return;
  }
  try {
    await api.discardDrop();
  } catch (e) {
    showError(e);
  }
  showNotice(caseId === null ? 'import.dropNeedsCase' : 'import.busy');
}

export function listenForDrops(): Promise<UnlistenFn> {
  return listen<DroppedPayload>(DROPPED_EVENT, () => void handleDrop());
}
