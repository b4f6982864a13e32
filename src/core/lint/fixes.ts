import type { Fix, TextEdit } from './types';

/**
 * Fixes whose edits are computed when first read. A lint lists up to 1 000 findings per rule,
 * each with fixes, and runs on every keystroke, while a user reads the edits of one fix at a
 * time (a quick fix): computing them all up front made fixes cost (findings × formatting), and
 * a budget then dropped the fixes past it without a word. Whether such a fix can do anything
 * is decided up front, from the syntax tree alone, so that the engine never offers a fix that
 * does nothing and never has to compute edits to know.
 */
const applicability = new WeakMap<Fix, boolean>();

export function lazyFix(title: string, applicable: boolean, compute: () => TextEdit[], isPreferred?: boolean): Fix {
  let edits: TextEdit[] | undefined;
  const fix = { title } as Fix;
  // Enumerable, so that `{ ...fix }`, JSON.stringify and deepEqual see `edits` like a plain field.
  Object.defineProperty(fix, 'edits', {
    enumerable: true,
    configurable: true,
    get: () => (edits ??= applicable ? compute() : []),
    set: (value: TextEdit[]) => {
      edits = value;
    },
  });
  if (isPreferred !== undefined) fix.isPreferred = isPreferred;
  applicability.set(fix, applicable);
  return fix;
}

/** Whether a fix is worth offering (it has edits), without computing the edits of a lazy one. */
export function isApplicable(fix: Fix): boolean {
  return applicability.get(fix) ?? fix.edits.length > 0;
}

/** The same fix under another title, still lazy when it was. */
export function retitled(fix: Fix, title: string): Fix {
  const applicable = applicability.get(fix);
  if (applicable === undefined) return { ...fix, title };
  return lazyFix(title, applicable, () => fix.edits, fix.isPreferred);
}
