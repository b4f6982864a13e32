/**
 * Counts the work the lint engine does, in characters handed to jsonc-parser, so that tests can
 * bound it by counts instead of by time: a count does not change when the machine is busy,
 * and it grows with exactly the defect we guard against (a whole-file re-parse per finding or
 * per fix made a 15 KB file with 1 000 unknown keys cost 1 000 parses).
 *
 * The engine's modules are transpiled one to one for the unit tests and call jsonc-parser
 * through its exports object, so wrapping the exports sees every call. The tree of valid JSON,
 * which the engine reads itself (validJsonTree), counts its characters in treeWork.
 */
import { treeWork } from '../../../src/core/payload/validJsonTree';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonc = require('jsonc-parser') as Record<string, (...args: any[]) => unknown>;

let charactersParsed = 0;
let installed = false;

/** Whole-text operations: each scans the text it is given once (modify also formats a range). */
const WHOLE_TEXT = ['parse', 'parseTree', 'visit', 'modify', 'stripComments', 'getLocation'] as const;

function install(): void {
  if (installed) return;
  installed = true;
  for (const name of WHOLE_TEXT) {
    const original = jsonc[name];
    jsonc[name] = function (this: unknown, text: unknown, ...rest: unknown[]) {
      if (typeof text === 'string') charactersParsed += text.length;
      return original.call(this, text, ...rest);
    };
  }
  const format = jsonc.format;
  // format scans only the range it is asked to format (plus the line it starts on).
  jsonc.format = function (this: unknown, text: string, range: { offset: number; length: number } | undefined, ...rest: unknown[]) {
    charactersParsed += range ? range.length : text.length;
    return format.call(this, text, range, ...rest);
  };
}

/**
 * Runs `work` and returns how many characters it handed to jsonc-parser, or read into a syntax
 * tree of valid JSON (which the engine builds itself: see validJsonTree).
 */
export function measureParsing<T>(work: () => T): { result: T; characters: number } {
  install();
  const before = charactersParsed + treeWork.characters;
  const result = work();
  return { result, characters: charactersParsed + treeWork.characters - before };
}
