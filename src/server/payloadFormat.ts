import { format as formatJson, visit, type EditResult } from 'jsonc-parser';

/** How to format: the editor's indentation (LSP FormattingOptions) and VS Code's `json.format.keepLines`. */
export interface PayloadFormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  insertFinalNewline: boolean;
  /** Keep the line breaks the text has (VS Code's `json.format.keepLines`); false: one property or item per line. */
  keepLines: boolean;
}

/** An edit on the text: replace `length` characters at `offset` with `content` (jsonc-parser's shape). */
export type PayloadFormatEdit = EditResult[number];

/**
 * Indentation wider than this is taken as this: a tab size that large is no indentation anyone
 * types, and a client's 1e9 would otherwise make every indent a gigabyte string.
 */
const MAX_TAB_SIZE = 64;

/**
 * The edits that format a payload, as VS Code's JSON formatter does (jsonc-parser's `format`, the
 * one behind vscode-json-languageservice), with one difference: an array written on one line
 * (`"signerIds": ["a", "b"]`) stays on one line, its items one space apart after each comma and
 * no space inside its brackets. Only the layout outside such arrays follows `keepLines`.
 * Line endings are the document's own (jsonc-parser takes them from the text).
 */
export function formatPayload(text: string, range: { offset: number; length: number } | undefined, options: PayloadFormatOptions): PayloadFormatEdit[] {
  const tabSize = Number.isInteger(options.tabSize) && options.tabSize > 0 ? Math.min(options.tabSize, MAX_TAB_SIZE) : 4;
  const base = { tabSize, insertSpaces: options.insertSpaces, insertFinalNewline: options.insertFinalNewline };
  const arrays = oneLineArrays(text);
  const chosen = formatJson(text, range, { ...base, keepLines: options.keepLines });
  if (arrays.length === 0) return chosen;
  // Inside a one-line array, the edits that keep its line breaks (it has none): spaces only.
  const kept = options.keepLines ? chosen : formatJson(text, range, { ...base, keepLines: true });
  // An edit's offset is where its gap starts: the gap before `]` starts at `]` itself when it is empty.
  const inside = (offset: number) => arrays.some(([open, close]) => offset > open && offset <= close);
  // The space just inside a one-line array's brackets is removed (`[ "a" ]` becomes `["a"]`).
  const bracketGaps = new Map<number, PayloadFormatEdit | undefined>();
  const from = range?.offset ?? 0;
  const to = range ? range.offset + range.length : text.length;
  for (const [open, close] of arrays) {
    for (const gap of [gapAfter(text, open + 1), gapBefore(text, close)]) {
      const inRange = gap.length > 0 && gap.offset >= from && gap.offset + gap.length <= to;
      bracketGaps.set(gap.offset, inRange ? { ...gap, content: '' } : bracketGaps.get(gap.offset));
    }
  }
  const edits = [
    ...chosen.filter((edit) => !inside(edit.offset)),
    ...kept.filter((edit) => inside(edit.offset) && !bracketGaps.has(edit.offset)),
    ...[...bracketGaps.values()].filter((edit) => edit !== undefined),
  ];
  return edits.sort((a, b) => a.offset - b.offset);
}

/** [offset of `[`, offset of `]`] of every array whose brackets are on the same line. */
function oneLineArrays(text: string): [number, number][] {
  const open: { offset: number; line: number }[] = [];
  const found: [number, number][] = [];
  visit(
    text,
    {
      onArrayBegin: (offset, _length, startLine) => void open.push({ offset, line: startLine }),
      onArrayEnd: (offset, _length, startLine) => {
        const start = open.pop();
        if (start && start.line === startLine) found.push([start.offset, offset]);
      },
    },
    { disallowComments: false, allowTrailingComma: true },
  );
  return found;
}

/** The spaces and tabs from `offset` on (inside a one-line array there are no line breaks). */
function gapAfter(text: string, offset: number): { offset: number; length: number } {
  let end = offset;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { offset, length: end - offset };
}

/** The spaces and tabs that end at `offset`. */
function gapBefore(text: string, offset: number): { offset: number; length: number } {
  let start = offset;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { offset: start, length: offset - start };
}
