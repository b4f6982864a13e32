import { modify, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import { toPointer } from '../payload/jsonPointer';
import { nodeAtPointer } from '../payload/parsePayload';
import type { TextEdit } from './types';

/** Guesses the file's indentation and line ending so that fixes look like the user's own text. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const tabSize = indented ? Math.min(indented[1].length, 8) : 2;
  return { insertSpaces: true, tabSize: tabSize || 2, eol };
}

/**
 * Edits that set the value at a path. `root`, the already-parsed tree of `text`, saves a parse
 * per fix on large files; it is parsed here when absent.
 */
export function setValueEdits(text: string, path: (string | number)[], value: unknown, root?: Node): TextEdit[] {
  // jsonc-parser's modify follows the first of duplicate keys, while findings (like JSON.parse)
  // name the last one: an existing scalar is replaced in place, so the fix edits the value that is sent.
  if (value === null || (value !== undefined && typeof value !== 'object')) {
    const node = nodeAtPointer(root ?? parseTree(text, [], { allowTrailingComma: true }), toPointer(path));
    if (node && node.type !== 'object' && node.type !== 'array') return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
  }
  return modify(text, path, value, { formattingOptions: detectFormatting(text) }).map((e) => ({
    offset: e.offset,
    length: e.length,
    content: e.content,
  }));
}

export function removeEdits(text: string, path: (string | number)[], root?: Node): TextEdit[] {
  const arrayItem = typeof path[path.length - 1] === 'number' ? removeArrayItemEdit(text, path, root) : undefined;
  return arrayItem ? [arrayItem] : setValueEdits(text, path, undefined, root);
}

/**
 * jsonc-parser 3.3.1 breaks the text when it removes the last item of an array whose closing
 * bracket is on the same line (`["a", "b"]` becomes `["a""]`), so array items are cut here:
 * the item with the comma after it, or before it when it is the last one.
 */
function removeArrayItemEdit(text: string, path: (string | number)[], root: Node | undefined): TextEdit | undefined {
  const array = nodeAtPointer(root ?? parseTree(text, [], { allowTrailingComma: true }), toPointer(path.slice(0, -1)));
  const items = array?.type === 'array' ? array.children ?? [] : [];
  const index = path[path.length - 1] as number;
  const item = items[index];
  if (!array || !item) return undefined;
  if (items.length === 1) return { offset: array.offset + 1, length: array.length - 2, content: '' };
  if (index < items.length - 1) return { offset: item.offset, length: items[index + 1].offset - item.offset, content: '' };
  const previous = items[index - 1];
  const start = previous.offset + previous.length;
  return { offset: start, length: item.offset + item.length - start, content: '' };
}

/** Applies non-overlapping edits (as an editor would); used by tests and the CLI. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  }
  return result;
}
