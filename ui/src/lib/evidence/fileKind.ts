// What kind of file an item is, for the icon and word shown where there is no thumbnail.
import type { MessageKey } from '../i18n/index.svelte';

export type FileKind = 'image' | 'table' | 'text' | 'pdf' | 'audio' | 'video' | 'archive' | 'file';

const GLYPHS: Record<FileKind, string> = {
  image: '▣',
  table: '▦',
  text: '≣',
  pdf: '▤',
  audio: '♪',
  video: '▶',
  archive: '▧',
  file: '▢',
};

export function fileKind(mediaType: string, name: string): FileKind {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  if (mediaType === 'application/pdf') return 'pdf';
  if (mediaType === 'text/csv' || mediaType.includes('spreadsheet') || ['csv', 'xlsx', 'xls'].includes(ext)) {
    return 'table';
  }
  if (mediaType.startsWith('text/') || mediaType === 'application/json') return 'text';
  if (mediaType === 'application/zip' || ['zip', 'rar', '7z'].includes(ext)) return 'archive';
  return 'file';
}

export const fileKindGlyph = (kind: FileKind): string => GLYPHS[kind];
export const fileKindLabel = (kind: FileKind): MessageKey => `fileKind.${kind}`;
