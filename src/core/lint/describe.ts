import { parsePointer } from '../payload/jsonPointer';

/** A human name for the value at a pointer: "title", "statements[0].target", "the payload". */
export function describePath(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return 'the payload';
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += (out ? '.' : '') + segment;
  }
  return out;
}

/** A short rendering of a JSON value for messages, cut to a readable length. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '…"' : text;
}

export function typeOfJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
