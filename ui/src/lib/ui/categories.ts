import type { Category } from '../bindings/Category';
import type { MessageKey } from '../i18n/index.svelte';

export type CoreCategory = Exclude<Category, 'other'>;

/** Display order: the three categories a dispute must prove, then the rest. */
export const CATEGORIES: readonly Category[] = ['purchase', 'non_delivery', 'communication', 'other'];
export const CORE_CATEGORIES: readonly CoreCategory[] = ['purchase', 'non_delivery', 'communication'];

export const categoryLabel = (c: Category): MessageKey => `category.${c}`;
export const categoryGuide = (c: CoreCategory): MessageKey => `guide.${c}`;
