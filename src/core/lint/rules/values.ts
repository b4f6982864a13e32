import { hasVariables } from '../../payload/variables';
import { parseIsoDate } from '../../text/dates';
import { isPlaceholder } from './placeholder';

/** Small readers that API rules share, so that each rule skips the same unknowable values. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A string whose real value is known while editing: not built from `{{variables}}` (resolved
 * only at send time) and not a `<placeholder>` (reported by unfilled-placeholder instead).
 */
export function isKnownString(value: unknown): value is string {
  return typeof value === 'string' && !hasVariables(value) && !isPlaceholder(value);
}

/** The instant a known ISO-8601 string names; undefined for anything a rule cannot reason about. */
export function knownDate(value: unknown): Date | undefined {
  return isKnownString(value) ? parseIsoDate(value) : undefined;
}

/** The array's items, when the value is an array (the schema reports other types); none otherwise. */
export function itemsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Lists up to this long are searched; longer ones get a set (building a set costs more than a few comparisons). */
const SEARCHED_LIST_LENGTH = 8;

/**
 * Membership in a list, asked once per item of another list: a set for a long list (a search
 * per item would cost items × entries), a plain search for a short one (most payloads list a
 * few ids, and a set made on every keystroke cost more than the rule).
 */
export function membershipOf(list: readonly unknown[]): (item: unknown) => boolean {
  if (list.length <= SEARCHED_LIST_LENGTH) return (item) => list.includes(item);
  const set = new Set(list);
  return (item) => set.has(item);
}

/** Whether any two entries are the same (SameValueZero, as a set sees them). */
export function hasRepeats(list: readonly unknown[]): boolean {
  if (list.length <= SEARCHED_LIST_LENGTH) {
    for (let i = 1; i < list.length; i++) if (list.lastIndexOf(list[i], i - 1) !== -1) return true;
    return false;
  }
  return new Set(list).size !== list.length;
}

/**
 * The array's items with their indices, when the value is an array (the schema reports other
 * types). A pair per item: rules that walk lists of thousands of ids loop over itemsOf instead.
 */
export function entriesOf(value: unknown): [number, unknown][] {
  return Array.isArray(value) ? value.map((item, index): [number, unknown] => [index, item]) : [];
}

/** Whether an id list can be compared literally: none of its entries is resolved only at send time. */
export function isFullyKnownList(value: unknown): value is unknown[] {
  return Array.isArray(value) && !value.some((item) => hasVariables(item) || isPlaceholder(item));
}
