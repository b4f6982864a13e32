import { findNodeAtLocation, modify, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import { parsePointer, toPointer } from '../payload/jsonPointer';
import { nodeAtPointer } from '../payload/parsePayload';
import type { TextEdit } from './types';

/** Guesses the file's indentation and line ending so that fixes look like the user's own text. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const indented = /(?:\r\n?|\n)([ \t]+)\S/.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const tabSize = indented ? Math.min(indented[1].length, 8) : 2;
  return { insertSpaces: true, tabSize: tabSize || 2, eol };
}

/** Longer one-line files are kept on one line by fixes (see isCompact). */
const COMPACT_LINE_LENGTH = 120;

/**
 * A file written on one line on purpose (minified): a fix must not reformat it. jsonc-parser
 * formats the whole line around an edit, which would turn the fix into a rewrite of the file
 * (and, on a 1 MB line, cost seconds per fix).
 */
function isCompact(text: string): boolean {
  return text.length > COMPACT_LINE_LENGTH && !/[\r\n]/.test(text.trim());
}

/**
 * Edits that set the value at a path. `root`, the already-parsed tree of `text`, saves a parse
 * per fix on large files; it is parsed here when absent. No edits (rather than an exception)
 * when the path cannot be set, e.g. a property of a number.
 */
export function setValueEdits(text: string, path: (string | number)[], value: unknown, root?: Node): TextEdit[] {
  const tree = root ?? parseTree(text, [], { allowTrailingComma: true });
  // jsonc-parser's modify follows the first of duplicate keys, while findings (like JSON.parse)
  // name the last one: an existing scalar is replaced in place, so the fix edits the value that is sent.
  if (value === null || (value !== undefined && typeof value !== 'object')) {
    const node = nodeAtPointer(tree, toPointer(path));
    if (node && node.type !== 'object' && node.type !== 'array') return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
  }
  const duplicated = duplicatedTarget(tree, path);
  if (duplicated) {
    // The key is there more than once: the edit must reach what is sent (the last one), and a
    // removal must remove them all, or an earlier one would take its place.
    if (value === undefined) return removePropertiesEdits(duplicated.container, duplicated.properties);
    const last = duplicated.properties[duplicated.properties.length - 1].children?.[1];
    if (last) return [{ offset: last.offset, length: last.length, content: JSON.stringify(value) }];
  }
  return modifyEdits(text, tree, path, value);
}

/**
 * jsonc-parser's modify, aimed at the containers JSON.parse keeps: when the path goes through a
 * duplicated key, modify would follow the first (ignored) one, so it runs on the text of the
 * container that is sent instead.
 */
function modifyEdits(text: string, tree: Node | undefined, path: (string | number)[], value: unknown): TextEdit[] {
  let base = 0;
  let target = text;
  let rest = path;
  for (let n = path.length - 1; n >= 1; n--) {
    const prefix = path.slice(0, n);
    const container = nodeAtPointer(tree, toPointer(prefix));
    if (!container) continue;
    if (container.type === 'object' || container.type === 'array') {
      if (findNodeAtLocation(tree!, prefix) !== container) {
        base = container.offset;
        target = text.slice(container.offset, container.offset + container.length);
        rest = path.slice(n);
      }
    }
    break;
  }
  try {
    return modify(target, rest, value, { formattingOptions: isCompact(text) ? undefined : detectFormatting(text) }).map((e) => ({
      offset: base + e.offset,
      length: e.length,
      content: e.content,
    }));
  } catch {
    // "Can not add property to parent of type number": the path does not fit the file.
    return [];
  }
}

/** The container and properties of a key that appears more than once where `path` points (last-wins). */
function duplicatedTarget(tree: Node | undefined, path: (string | number)[]): { container: Node; properties: Node[] } | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const container = nodeAtPointer(tree, toPointer(path.slice(0, -1)));
  if (container?.type !== 'object') return undefined;
  const properties = (container.children ?? []).filter((p) => p.children?.[0]?.value === key);
  return properties.length > 1 ? { container, properties } : undefined;
}

/** Cuts properties out of an object, each run of them with the comma that separates it from the rest. */
function removePropertiesEdits(container: Node, properties: readonly Node[]): TextEdit[] {
  const siblings = container.children ?? [];
  const removed = new Set(properties);
  const edits: TextEdit[] = [];
  for (let i = 0; i < siblings.length; i++) {
    if (!removed.has(siblings[i])) continue;
    let j = i;
    while (j + 1 < siblings.length && removed.has(siblings[j + 1])) j++;
    let start = siblings[i].offset;
    let end = siblings[j].offset + siblings[j].length;
    if (j < siblings.length - 1) end = siblings[j + 1].offset;
    else if (i > 0) start = siblings[i - 1].offset + siblings[i - 1].length;
    edits.push({ offset: start, length: end - start, content: '' });
    i = j;
  }
  return edits;
}

export function removeEdits(text: string, path: (string | number)[], root?: Node): TextEdit[] {
  const arrayItem = typeof path[path.length - 1] === 'number' ? removeArrayItemEdit(text, path, root) : undefined;
  return arrayItem ? [arrayItem] : setValueEdits(text, path, undefined, root);
}

/**
 * The path of a JSON Pointer for edits: a segment is an array index only where the file has an
 * array (an object may well have a key "0").
 */
export function editPath(root: Node | undefined, pointer: string): (string | number)[] {
  const out: (string | number)[] = [];
  let node = root;
  for (const segment of parsePointer(pointer)) {
    const index = node?.type === 'array' && /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
    out.push(index ?? segment);
    node = nodeAtPointer(node, toPointer([segment]));
  }
  return out;
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
