// Pure helpers for the readiness panel: grouping requirements per category and ranking statuses.
import type { Checklist } from '../bindings/Checklist';
import type { Requirement } from '../bindings/Requirement';
import type { Status } from '../bindings/Status';
import type { MessageKey } from '../i18n/index.svelte';
import { CORE_CATEGORIES, type CoreCategory } from '../ui/categories';

const RANK: Record<Status, number> = { satisfied: 0, weak: 1, missing: 2 };

/** The worst status of a category's requirements; a category with none is missing. */
export function worstStatus(requirements: readonly Requirement[]): Status {
  if (requirements.length === 0) return 'missing';
  return requirements.reduce<Status>((worst, r) => (RANK[r.status] > RANK[worst] ? r.status : worst), 'satisfied');
}

export type CategoryCard = { category: CoreCategory; status: Status; requirements: Requirement[] };

/** One card per core category, always all three, in display order. */
export function cardsOf(checklist: Checklist): CategoryCard[] {
  return CORE_CATEGORIES.map((category) => {
    const requirements = checklist.requirements.filter((r) => r.category === category);
    return { category, status: worstStatus(requirements), requirements };
  });
}

/** The top gaps' requirements, in the order Rust ranked them (unknown ids are skipped). */
export function gapsOf(checklist: Checklist): Requirement[] {
  const byId = new Map(checklist.requirements.map((r) => [r.id, r]));
  return checklist.top_gaps.flatMap((id) => byId.get(id) ?? []);
}

export const STATUS_ICON: Record<Status, string> = { satisfied: '✓', weak: '~', missing: '✗' };
export const statusLabel = (s: Status): MessageKey => `readiness.status.${s}`;
