import { findNodeAtLocation, format, modify, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import { parsePointer, toPointer } from '../payload/jsonPointer';
import { nodeAtPointer, propertiesNamed } from '../payload/parsePayload';
import { detectFormatting, isCompact } from './fileStyle';
import { insertionEdit, type Placement } from './insertions';
import type { TextEdit } from './types';

export type { Placement } from './insertions';

/**
 * Edits that set the value at a path. `root`, the already-parsed tree of `text`, saves a parse
 * per fix on large files; it is parsed here when absent. No edits (rather than an exception)
 * when the path cannot be set, e.g. a property of a number.
 */
export function setValueEdits(text: string, path: (string | number)[], value: unknown, root?: Node, placement: Placement = {}): TextEdit[] {
  const tree = root ?? parseTree(text, [], { allowTrailingComma: true });
  // jsonc-parser's modify follows the first of duplicate keys, while findings (like JSON.parse)
  // name the last one: an existing scalar is replaced in place, so the fix edits the value that is sent.
  if (value === null || (value !== undefined && typeof value !== 'object')) {
    const node = nodeAtPointer(tree, toPointer(path));
    if (node && node.type !== 'object' && node.type !== 'array') return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
  }
  const existing = existingProperties(tree, path);
  // Removing a property the file has: cut it from the tree already parsed. jsonc-parser's modify
  // would parse the whole file again for every fix (1 000 unknown keys, 1 000 parses). When the
  // key is there more than once, all copies go, or an earlier one would take its place.
  if (existing && value === undefined) return removePropertiesEdits(existing.container, existing.properties);
  if (existing && existing.properties.length > 1) {
    // The edit must reach what is sent: the last of duplicated keys.
    const last = existing.properties[existing.properties.length - 1].children?.[1];
    if (last) return [{ offset: last.offset, length: last.length, content: JSON.stringify(value) }];
  }
  if (value !== undefined && path.length > 0) {
    // Adding to a container the file has: written here, in the file's own style, so that nothing
    // around the insertion is reformatted (jsonc-parser formats the whole line it lands on).
    const inserted = insertionEdit(text, tree, path, value, placement);
    if (inserted) return [inserted];
  }
  return modifyEdits(text, tree, path, value);
}

/**
 * jsonc-parser's modify, aimed at the containers JSON.parse keeps: when the path goes through a
 * duplicated key, modify would follow the first (ignored) one, so it runs on the text of the
 * container that is sent instead.
 */
function modifyEdits(text: string, tree: Node | undefined, path: (string | number)[], value: unknown): TextEdit[] {
  // Past its budget for this tree, the fix is not offered (no edits) rather than computed.
  if (!chargeModify(tree, text.length)) return [];
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
  let raw: TextEdit[];
  try {
    raw = modify(target, rest, value, {}).map((e) => {
      // After an unterminated block comment, jsonc-parser's edits reach one character past the end.
      const offset = Math.min(e.offset, target.length);
      return { offset, length: Math.min(e.length, target.length - offset), content: e.content };
    });
  } catch {
    // "Can not add property to parent of type number": the path does not fit the file.
    return [];
  }
  const edits = raw.length === 1 && !isCompact(text) ? withFormatting(target, raw[0], detectFormatting(text)) : raw;
  return edits.map((e) => ({ offset: base + e.offset, length: e.length, content: e.content }));
}

/** Lines longer than this around an edit are left as they are (formatting them would rewrite them). */
const MAX_FORMATTED_RANGE = 256 * 1024;

/**
 * What jsonc-parser's modify does with formatting options (format the lines of the edit, and
 * merge everything into one edit), in linear time: it applied each formatting edit to a copy of
 * the whole text, which took seconds on a 100 KB file whose broken tail gave 1 000 of them.
 */
function withFormatting(text: string, edit: TextEdit, options: FormattingOptions): TextEdit[] {
  const newText = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
  let begin = edit.offset;
  let end = edit.offset + edit.content.length;
  if (edit.length === 0 || edit.content.length === 0) {
    // An insertion or removal: format its whole lines.
    while (begin > 0 && !isLineBreak(newText.charCodeAt(begin - 1)) && end - begin <= MAX_FORMATTED_RANGE) begin--;
    while (end < newText.length && !isLineBreak(newText.charCodeAt(end)) && end - begin <= MAX_FORMATTED_RANGE) end++;
  }
  if (end - begin > MAX_FORMATTED_RANGE) return [edit];
  const formatting = format(newText, { offset: begin, length: end - begin }, { ...options, keepLines: false });
  let low = begin;
  let high = end;
  for (const f of formatting) {
    low = Math.min(low, f.offset);
    high = Math.max(high, f.offset + f.length);
  }
  const content = applyEdits(
    newText.slice(low, high),
    formatting.map((f) => ({ offset: f.offset - low, length: f.length, content: f.content })),
  );
  // [low, high) of the new text is [low, high - growth) of the old one.
  const growth = edit.content.length - edit.length;
  return [{ offset: low, length: high - growth - low, content }];
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/**
 * jsonc-parser's modify parses the whole text again on every call, so fixes cost (number of
 * fixes × file size): a file with 3 000 unknown properties took seconds per keystroke, 100 000
 * hours. Past this many characters parsed for one tree, further fixes of this kind are not
 * offered (a 20 KB file gets 100 of them; a file over 2 MB none, only the cheap ones: replacing
 * a value, removing an array item or a duplicate).
 */
const MODIFY_BUDGET = 2 * 1024 * 1024;
const modifySpent = new WeakMap<Node, number>();

function chargeModify(tree: Node | undefined, cost: number): boolean {
  if (!tree) return true;
  const spent = (modifySpent.get(tree) ?? 0) + cost;
  modifySpent.set(tree, spent);
  return spent <= MODIFY_BUDGET;
}

/** The object that `path` points into and its properties with the path's key (more than one when duplicated; last wins). */
function existingProperties(tree: Node | undefined, path: (string | number)[]): { container: Node; properties: readonly Node[] } | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const container = nodeAtPointer(tree, toPointer(path.slice(0, -1)));
  if (container?.type !== 'object') return undefined;
  const properties = propertiesNamed(container, key);
  return properties.length > 0 ? { container, properties } : undefined;
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
  // One pass over the text: splicing edit by edit copied the whole text for each edit, and a
  // fix that removes a key repeated 10 000 times has 10 000 edits.
  // (Insertions at one offset end up in reverse order, as when they were applied from the end.)
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.offset - b.edit.offset || b.index - a.index).map((e) => e.edit);
  const parts: string[] = [];
  let position = 0;
  for (const edit of sorted) {
    parts.push(text.slice(position, edit.offset), edit.content);
    position = Math.max(position, edit.offset + edit.length);
  }
  parts.push(text.slice(position));
  return parts.join('');
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
