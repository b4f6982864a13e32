import { getOwn } from '../payload/ownProperty';
import { deepEqual } from '../payload/jsonEqual';

export { deepEqual } from '../payload/jsonEqual';
import type { Change } from './types';

/**
 * The changes between two states, as JSON Pointer paths into the state. Objects are compared
 * key by key; arrays are compared whole (both APIs replace an array as a whole on update, so a
 * changed list is one "replace", not per-item edits). A value that becomes null or absent is a
 * "remove" (Zigned reports a cleared field as null); one that was null or absent is an "add".
 */
export function diffStates(before: unknown, after: unknown, path = ''): Change[] {
  if (deepEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const changes: Change[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    // Own properties only: a `__proto__` key is data like any other (payload/ownProperty.ts).
    for (const key of keys) changes.push(...diffStates(getOwn(before, key), getOwn(after, key), `${path}/${escapePointer(key)}`));
    return changes;
  }
  const had = before !== undefined && before !== null;
  const has = after !== undefined && after !== null;
  if (!had && !has) return [];
  if (!had) return [{ path, op: 'add', after }];
  if (!has) return [{ path, op: 'remove', before }];
  return [{ path, op: 'replace', before, after }];
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
