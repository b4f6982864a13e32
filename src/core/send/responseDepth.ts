/**
 * The nesting depth of an answer, read from its raw text before it is parsed. Everything that
 * later walks a parsed body (JSON.stringify for the CLI's output and for history, the summary,
 * the response view) recurses, so an answer nested thousands of levels deep would overflow the
 * stack there; it is kept as text instead. One pass over the characters, no allocation.
 */
import { MAX_NESTING_DEPTH } from '../payload/fileGuard';

/** Answers nested deeper than this are kept as text, not parsed (the same bound as payloads). */
export const MAX_RESPONSE_DEPTH = MAX_NESTING_DEPTH;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether the JSON text nests arrays/objects deeper than `limit` (brackets inside strings do not
 * count). Stops at the first character that goes past the limit. Not a validator: malformed text
 * gets some answer, and JSON.parse then decides whether it is JSON.
 */
export function nestsDeeperThan(text: string, limit: number = MAX_RESPONSE_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** The note shown with an answer kept as text because of its depth (CLI notes, response view). */
export function tooDeepNote(limit: number = MAX_RESPONSE_DEPTH): string {
  return `The answer's JSON nests more than ${limit} levels deep: it is kept as text, not parsed (deeper nesting would overflow the stack of every reader).`;
}
