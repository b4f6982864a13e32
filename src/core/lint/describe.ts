import { parsePointer } from '../payload/jsonPointer';

/** A human name for the value at a pointer: "title", "statements[0].target", "the payload". */
export function describePath(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return 'the payload';
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${shorten(segment)}]`;
    else out += (out ? '.' : '') + shorten(segment);
  }
  return out;
}

/**
 * A key or value for a message, cut to a readable length (a 1 MB key must not make a 1 MB
 * message), without splitting a surrogate pair.
 */
export function shorten(text: string, max = 60): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if ((text.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut--;
  return text.slice(0, cut) + '…';
}

/** A short rendering of a JSON value for messages, cut to a readable length. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  // 1e999 parses as Infinity, which JSON.stringify writes as null: say what really happens.
  if (typeof value === 'number' && !Number.isFinite(value)) return `a number too large for JSON (read as ${value}, sent as null)`;
  const text = JSON.stringify(value);
  return text.length > 60 ? (typeof value === 'string' ? shorten(text, 58) + '"' : shorten(text)) : text;
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
