// Grid or list for the evidence items, remembered across sessions.
export type ViewMode = 'grid' | 'list';

export const VIEW_MODE_KEY = 'proofpack.itemsView';

export function loadViewMode(): ViewMode {
  try {
    return localStorage.getItem(VIEW_MODE_KEY) === 'list' ? 'list' : 'grid';
  } catch {
    return 'grid';
  }
}

export function saveViewMode(mode: ViewMode): void {
  try {
    localStorage.setItem(VIEW_MODE_KEY, mode);
  } catch {
    // Not persisting is harmless; the choice still applies now.
  }
}
