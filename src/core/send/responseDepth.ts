/**
 * The nesting depth of an answer, read from its raw text before it is parsed. Everything that
 * later walks a parsed body (JSON.stringify for the CLI's output and for history, the summary,
 * the response view) recurses, so an answer nested thousands of levels deep would overflow the
 * stack there; it is kept as text instead. One pass over the characters, no allocation.
 */
import { MAX_NESTING_DEPTH } from '../payload/fileGuard';

/** Answers nested deeper than this are kept as text, not parsed (the same bound as payloads). */
export const MAX_RESPONSE_DEPTH = MAX_NESTING_DEPTH;

/** Where the string that opens at `quote` ends (its closing quote), or -1 when it does not. */
function endOfString(text: string, quote: number): number {
  let end = text.indexOf('"', quote + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/**
 * Whether the JSON text nests arrays/objects deeper than `limit` (brackets inside strings do not
 * count). Stops at the first bracket that goes past the limit. Not a validator: malformed text
 * gets some answer, and JSON.parse then decides whether it is JSON. The scan jumps from token to
 * token and over whole strings with native searches, so a few MB take a few milliseconds.
 */
export function nestsDeeperThan(text: string, limit: number = MAX_RESPONSE_DEPTH): boolean {
  const tokens = /["[\]{}]/g;
  let depth = 0;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    const c = match[0];
    if (c === '"') {
      const end = endOfString(text, match.index);
      if (end === -1) return false;
      tokens.lastIndex = end + 1;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else {
      depth--;
    }
  }
  return false;
}

/** The note shown with an answer kept as text because of its depth (CLI notes, response view). */
export function tooDeepNote(limit: number = MAX_RESPONSE_DEPTH): string {
  return `The answer's JSON nests more than ${limit} levels deep: it is kept as text, not parsed (deeper nesting would overflow the stack of every reader).`;
}

/**
 * Whether JSON text holds more than `limit` values, estimated from its raw text without parsing
 * it: every value but the first follows a `,` or opens an array/object (brackets in strings do not
 * count). Stops as soon as it passes the limit. The extension uses it to leave a body it would
 * not draw as a tree unparsed (parsing 4.8 MB of `[0,0,…]` alone blocks for a few hundred ms).
 */
export function holdsMoreValuesThan(text: string, limit: number): boolean {
  const tokens = /[",[{]/g;
  let values = 1;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    if (match[0] === '"') {
      const end = endOfString(text, match.index);
      if (end === -1) return false;
      tokens.lastIndex = end + 1;
    } else if (++values > limit) {
      return true;
    }
  }
  return false;
}
