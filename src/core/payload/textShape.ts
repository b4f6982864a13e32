import { createScanner, SyntaxKind } from 'jsonc-parser';
import { MAX_NESTING_DEPTH } from './fileGuard';
import { closingQuote, skipJsonSpace } from './jsonText';

/**
 * What parsePayload must know of a text before anything walks it: whether it nests too deep
 * (every walk recurses once per level) and, for valid JSON, whether it may repeat a key in an
 * object (JSON.parse keeps the last one silently; only the text can tell).
 */

export interface NestingProblem {
  /** How deep the file nests, as far as it was read. */
  depth: number;
  /** The bracket or brace that goes one level past the limit. */
  offset: number;
}

export interface ValidJsonShape {
  tooDeep?: NestingProblem;
  /** False is certain; true means "walk the tree" (see findDuplicateKeys). */
  mayHaveDuplicateKeys: boolean;
}

/**
 * The shape of a text JSON.parse accepted, with its value. Counted, not walked token by token:
 * the value gives the depth and the number of distinct keys, the text the number of property
 * names. When they agree, no key is repeated, and the value has every container of the text,
 * so its depth is the text's. Otherwise (a repeated key, whose shadowed value may nest deeper,
 * or a file too deep) the text is scanned for its nesting.
 */
export function shapeOfValidJson(text: string, value: unknown): ValidJsonShape {
  const shape = { keys: 0, depth: 0, colons: 0 };
  measureValue(value, 1, shape);
  if (shape.depth <= MAX_NESTING_DEPTH) {
    // Every colon of valid JSON separates a property name from its value, or is in a string.
    // Unless a \u escape may write one, the strings of the value have the colons of the text's
    // strings, but for those of repeated (shadowed) properties: so the colons of the text less
    // those of the value's strings are the property names, or more when a key is repeated.
    const names = mayEscapeAColon(text) ? countPropertyNames(text) : countColons(text) - shape.colons;
    if (names === shape.keys) return { mayHaveDuplicateKeys: false };
  }
  const scan = scanJson(text);
  return { tooDeep: scan.nesting, mayHaveDuplicateKeys: scan.keyTokens !== shape.keys };
}

/**
 * Distinct keys (after JSON.parse, duplicates have collapsed into one), nesting, and colons in
 * the strings (keys and values) of a parsed value; not descending past the nesting limit (its
 * walk recurses).
 */
function measureValue(value: unknown, depth: number, shape: { keys: number; depth: number; colons: number }): void {
  if (typeof value === 'string') {
    shape.colons += countColons(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > shape.depth) shape.depth = depth;
  if (depth > MAX_NESTING_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) measureValue(item, depth + 1, shape);
    return;
  }
  for (const key in value) {
    shape.keys++;
    shape.colons += countColons(key);
    measureValue((value as Record<string, unknown>)[key], depth + 1, shape);
  }
}

/** Colons in a string: a search for one character, far faster than reading every character. */
function countColons(text: string): number {
  let colons = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) colons++;
  return colons;
}

/**
 * Whether valid JSON has a \u escape (which may write a colon as \u003a). Backslashes only
 * start escapes there, so they are read in pairs: "\\u" is a backslash, then a "u".
 */
function mayEscapeAColon(text: string): boolean {
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 2)) if (text.charCodeAt(at + 1) === 117 /* u */) return true;
  return false;
}

/**
 * Property names in text that JSON.parse accepted: outside strings valid JSON has no quote, so
 * the search hops from string to string; a string followed by a colon is a key.
 */
function countPropertyNames(text: string): number {
  let names = 0;
  for (let start = text.indexOf('"'); start !== -1; ) {
    const end = closingQuote(text, start);
    if (end === -1) break;
    const next = skipJsonSpace(text, end + 1);
    if (text.charCodeAt(next) === 58 /* : */) names++;
    start = text.indexOf('"', next);
  }
  return names;
}

/**
 * Over text that JSON.parse accepted: its nesting (undefined when within the limit) and the
 * number of property names. Strings are skipped from quote to quote, as in countPropertyNames.
 */
function scanJson(text: string): { nesting: NestingProblem | undefined; keyTokens: number } {
  let depth = 0;
  let max = 0;
  let offset = -1;
  let keyTokens = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      const end = closingQuote(text, i);
      if (end === -1) break;
      const next = skipJsonSpace(text, end + 1);
      if (text.charCodeAt(next) === 58 /* : */) keyTokens++;
      i = next - 1;
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > max) {
        max = depth;
        if (depth === MAX_NESTING_DEPTH + 1) offset = i;
      }
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      depth--;
    }
  }
  return { nesting: offset === -1 ? undefined : { depth: max, offset }, keyTokens };
}

/**
 * The nesting of any text, with jsonc-parser's own scanner (its idea of strings and comments),
 * following its parser: a closing bracket that does not match the innermost open one is skipped.
 */
export function nestingOfJsonc(text: string): NestingProblem | undefined {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  let max = 0;
  let offset = -1;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > max) {
        max = open.length;
        if (max === MAX_NESTING_DEPTH + 1) offset = scanner.getTokenOffset();
      }
    } else if (
      (token === SyntaxKind.CloseBraceToken && open[open.length - 1] === SyntaxKind.OpenBraceToken) ||
      (token === SyntaxKind.CloseBracketToken && open[open.length - 1] === SyntaxKind.OpenBracketToken)
    ) {
      open.pop();
    }
  }
  return offset === -1 ? undefined : { depth: max, offset };
}
