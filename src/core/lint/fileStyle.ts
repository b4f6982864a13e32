import type { FormattingOptions } from 'jsonc-parser';

/** Guesses the file's indentation and line ending so that fixes look like the user's own text. */
export function detectFormatting(text: string): FormattingOptions {
  return styleOf(text).options;
}

/** Longer one-line files are kept on one line by fixes (see isCompact). */
const COMPACT_LINE_LENGTH = 120;

/**
 * A file written on one line on purpose (minified): a fix must not reformat it. jsonc-parser
 * formats the whole line around an edit, which would turn the fix into a rewrite of the file
 * (and, on a 1 MB line, cost seconds per fix).
 */
export function isCompact(text: string): boolean {
  return styleOf(text).compact;
}

/**
 * Both scan the whole text: once per text, not once per fix read (the fixes of one lint share
 * the same string, so a "fix all" over 1 000 findings scans the file once, not 1 000 times).
 */
let lastStyle: { text: string; options: FormattingOptions; compact: boolean } | undefined;

function styleOf(text: string): { options: FormattingOptions; compact: boolean } {
  if (lastStyle?.text !== text) lastStyle = { text, options: scanFormatting(text), compact: text.length > COMPACT_LINE_LENGTH && !/[\r\n]/.test(text.trim()) };
  return lastStyle;
}

function scanFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const indented = /(?:\r\n?|\n)([ \t]+)\S/.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const tabSize = indented ? Math.min(indented[1].length, 8) : 2;
  return { insertSpaces: true, tabSize: tabSize || 2, eol };
}
