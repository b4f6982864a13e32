import type { Fix, TextEdit } from './types';

/** What a lazy fix carries besides its title and edits. */
export interface LazyFixExtras {
  isPreferred?: boolean;
  /**
   * The `<placeholder>` value the fix inserts: Fix.placeholder (where it lands, for an editor
   * to select) is found in the edits, so it is computed with them, when first read.
   */
  placeholder?: string;
}

/**
 * Fixes whose edits are computed when first read. A lint lists up to 1 000 findings per rule,
 * each with fixes, and runs on every keystroke, while a user reads the edits of one fix at a
 * time (a quick fix): computing them all up front made fixes cost (findings × formatting), and
 * a budget then dropped the fixes past it without a word. Whether such a fix can do anything
 * is decided up front, from the syntax tree alone, so that the engine never offers a fix that
 * does nothing and never has to compute edits to know.
 */
export function lazyFix(title: string, applicable: boolean, compute: () => TextEdit[], extras: LazyFixExtras = {}): Fix {
  const { isPreferred, placeholder } = extras;
  // A fix that can do nothing is a plain one with no edits: only applicable fixes are lazy, so
  // being lazy is the "applicable" flag (no side table: a WeakMap entry per fix cost more in
  // garbage collection than the fixes themselves).
  if (!applicable) return isPreferred === undefined ? { title, edits: [] } : { title, edits: [], isPreferred };
  if (placeholder !== undefined) return lazyFixWithPlaceholder(title, compute, isPreferred, placeholder);
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

/** A lazy fix that also says where its placeholder lands (rare: one per finding of a few rules). */
function lazyFixWithPlaceholder(title: string, compute: () => TextEdit[], isPreferred: boolean | undefined, placeholder: string): Fix {
  let edits: TextEdit[] | undefined;
  let marked: { value: Fix['placeholder'] } | undefined;
  const fix: Fix = {
    title,
    get edits() {
      return (edits ??= compute());
    },
    set edits(value: TextEdit[]) {
      edits = value;
      marked = undefined;
    },
    get placeholder() {
      return (marked ??= { value: placeholderAfter(this.edits, placeholder) }).value;
    },
    set placeholder(value: Fix['placeholder']) {
      marked = { value };
    },
  };
  if (isPreferred !== undefined) fix.isPreferred = isPreferred;
  return fix;
}

/**
 * Whether a fix is worth offering, without computing the edits of a lazy one: it has edits, or
 * it runs a command (a fix that writes another file has no edits by design).
 */
export function isApplicable(fix: Fix): boolean {
  // A command first: reading it computes nothing, and it spares the descriptor isLazy reads.
  return fix.command !== undefined || isLazy(fix) || fix.edits.length > 0;
}

function isLazy(fix: Fix): boolean {
  return Object.getOwnPropertyDescriptor(fix, 'edits')?.get !== undefined;
}

/** The same fix under another title, still lazy when it was (its placeholder and command kept). */
export function retitled(fix: Fix, title: string): Fix {
  if (!isLazy(fix)) return { ...fix, title };
  const copy: Fix = lazyFix(title, true, () => fix.edits, { isPreferred: fix.isPreferred });
  if (Object.getOwnPropertyDescriptor(fix, 'placeholder')) Object.defineProperty(copy, 'placeholder', { get: () => fix.placeholder, enumerable: true, configurable: true });
  if (fix.command !== undefined) copy.command = fix.command;
  return copy;
}

/**
 * Where the quoted `placeholder` that `edits` insert ends up in the edited document (the text
 * between its quotes), for Fix.placeholder; undefined when no edit inserts it.
 */
export function placeholderAfter(edits: readonly TextEdit[], placeholder: string): { offset: number; length: number } | undefined {
  const quoted = JSON.stringify(placeholder);
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    const index = edit.content.indexOf(quoted);
    if (index !== -1) return { offset: edit.offset + shift + index + 1, length: quoted.length - 2 };
    shift += edit.content.length - edit.length;
  }
  return undefined;
}
