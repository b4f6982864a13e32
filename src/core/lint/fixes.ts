import type { Fix, TextEdit } from './types';

/**
 * Fixes whose edits are computed when first read. A lint lists up to 1 000 findings per rule,
 * each with fixes, and runs on every keystroke, while a user reads the edits of one fix at a
 * time (a quick fix): computing them all up front made fixes cost (findings × formatting), and
 * a budget then dropped the fixes past it without a word. Whether such a fix can do anything
 * is decided up front, from the syntax tree alone, so that the engine never offers a fix that
 * does nothing and never has to compute edits to know.
 */
export function lazyFix(title: string, applicable: boolean, compute: () => TextEdit[], isPreferred?: boolean): Fix {
  // A fix that can do nothing is a plain one with no edits: only applicable fixes are lazy, so
  // being lazy is the "applicable" flag (no side table: a WeakMap entry per fix cost more in
  // garbage collection than the fixes themselves).
  if (!applicable) return isPreferred === undefined ? { title, edits: [] } : { title, edits: [], isPreferred };
  let edits: TextEdit[] | undefined;
  // Accessors written in a literal are enumerable own properties, so `{ ...fix }`, JSON.stringify
  // and deepEqual see `edits` like a plain field (and a literal is far cheaper than defineProperty).
  const fix: Fix =
    isPreferred === undefined
      ? {
          title,
          get edits() {
            return (edits ??= compute());
          },
          set edits(value: TextEdit[]) {
            edits = value;
          },
        }
      : {
          title,
          get edits() {
            return (edits ??= compute());
          },
          set edits(value: TextEdit[]) {
            edits = value;
          },
          isPreferred,
        };
  return fix;
}

/** Whether a fix is worth offering (it has edits), without computing the edits of a lazy one. */
export function isApplicable(fix: Fix): boolean {
  return isLazy(fix) || fix.edits.length > 0;
}

function isLazy(fix: Fix): boolean {
  return Object.getOwnPropertyDescriptor(fix, 'edits')?.get !== undefined;
}

/** The same fix under another title, still lazy when it was. */
export function retitled(fix: Fix, title: string): Fix {
  return isLazy(fix) ? lazyFix(title, true, () => fix.edits, fix.isPreferred) : { ...fix, title };
}
