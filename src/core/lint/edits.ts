import { format, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import { parsePointer } from '../payload/jsonPointer';
import { propertiesNamed } from '../payload/parsePayload';
import { detectFormatting, isCompact } from './fileStyle';
import { lazyFix } from './fixes';
import { insertionPlan, type Placement } from './insertions';
import type { Fix, TextEdit } from './types';

export type { Placement } from './insertions';
export { placeholderAfter } from './fixes';

/**
 * Edits that set the value at a path. `root`, the already-parsed tree of `text`, saves a parse
 * per fix on large files; it is parsed here when absent. No edits (rather than an exception)
 * when the path cannot be set, e.g. a property of a number.
 */
export function setValueEdits(text: string, path: (string | number)[], value: unknown, root?: Node, placement: Placement = {}): TextEdit[] {
  const tree = root ?? parseTree(text, [], { allowTrailingComma: true });
  return planSetValue(text, tree, path, value, placement)?.() ?? [];
}

/**
 * What setting a value takes, decided from the tree alone (no parse, no formatting): undefined
 * when the path cannot be set, else the computation of the edits, for when they are read.
 */
export function planSetValue(text: string, tree: Node | undefined, path: (string | number)[], value: unknown, placement: Placement = {}): (() => TextEdit[]) | undefined {
  // jsonc-parser's modify follows the first of duplicate keys, while findings (like JSON.parse)
  // name the last one: an existing scalar is replaced in place, so the fix edits the value that is sent.
  if (value === null || (value !== undefined && typeof value !== 'object')) {
    const node = nodeAtPath(tree, path);
    if (node && node.type !== 'object' && node.type !== 'array') return () => [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
  }
  const existing = existingProperties(tree, path);
  // Removing a property the file has: cut it from the tree already parsed. When the key is
  // there more than once, all copies go, or an earlier one would take its place.
  if (existing && value === undefined) return () => removePropertiesEdits(existing.container, existing.properties);
  if (existing && existing.properties.length > 1) {
    // The edit must reach what is sent: the last of duplicated keys.
    const last = existing.properties[existing.properties.length - 1].children?.[1];
    if (last) return () => [{ offset: last.offset, length: last.length, content: JSON.stringify(value) }];
  }
  if (value !== undefined && path.length > 0) {
    // Adding to a container the file has: written in the file's own style, next to the keys it
    // belongs with, so that nothing around the insertion is reformatted (formatting rewrites the
    // whole line an insertion lands on).
    const insert = insertionPlan(text, nodeAtPath(tree, path, path.length - 1), path[path.length - 1], value, placement);
    if (insert) return () => [insert()];
  }
  const edit = setPropertyEdit(tree, path, value);
  if (!edit) return undefined;
  return () => (isCompact(text) ? [edit] : withFormatting(text, edit, detectFormatting(text)));
}

/**
 * jsonc-parser's setProperty (what its modify does), on the tree already parsed: modify parsed
 * the whole file again for every fix, so 1 000 "add to signerIds" fixes cost 1 000 parses. It
 * follows the containers JSON.parse keeps (the last of duplicated keys), where modify followed
 * the first, ignored one. Undefined when the path cannot be set (a property of a number, or
 * nothing to remove).
 */
function setPropertyEdit(tree: Node | undefined, fullPath: (string | number)[], value: unknown): TextEdit | undefined {
  if (value === undefined) return undefined;
  const path = fullPath.slice();
  let parent: Node | undefined;
  let segment: string | number | undefined;
  let content = value;
  // The missing part of the path becomes part of the value: {"a": {"b": value}}.
  while (path.length > 0) {
    segment = path.pop()!;
    parent = nodeAtPath(tree, path);
    if (parent) break;
    // Computed keys define own properties: a "__proto__" segment stays a key.
    content = typeof segment === 'string' ? { [segment]: content } : [content];
  }
  const json = JSON.stringify(content);
  if (!parent) return { offset: tree ? tree.offset : 0, length: tree ? tree.length : 0, content: json };
  const children = parent.children ?? [];
  if (parent.type === 'object' && typeof segment === 'string') {
    const named = propertiesNamed(parent, segment);
    const existing = named.length > 0 ? named[named.length - 1].children?.[1] : undefined;
    if (existing) return { offset: existing.offset, length: existing.length, content: json };
    const property = `${JSON.stringify(segment)}: ${json}`;
    if (children.length === 0) return { offset: parent.offset + 1, length: 0, content: property };
    const previous = children[children.length - 1];
    return { offset: previous.offset + previous.length, length: 0, content: ',' + property };
  }
  if (parent.type === 'array' && typeof segment === 'number') {
    if (segment !== -1 && children.length > segment) {
      const replaced = children[segment];
      return { offset: replaced.offset, length: replaced.length, content: json };
    }
    if (children.length === 0) return { offset: parent.offset + 1, length: 0, content: json };
    if (segment === 0) return { offset: parent.offset + 1, length: 0, content: json + ',' };
    const previous = children[children.length - 1];
    return { offset: previous.offset + previous.length, length: 0, content: ',' + json };
  }
  return undefined;
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
 * The node at the first `length` segments of a path (all by default), following the last of
 * duplicate keys as JSON.parse does; like nodeAtPointer, without writing and re-reading a
 * pointer for every fix.
 */
function nodeAtPath(root: Node | undefined, path: readonly (string | number)[], length = path.length): Node | undefined {
  let node = root;
  for (let i = 0; i < length && node; i++) {
    const segment = path[i];
    if (node.type === 'object') {
      const named = propertiesNamed(node, String(segment));
      node = named.length > 0 ? named[named.length - 1].children?.[1] : undefined;
    } else if (node.type === 'array') {
      const index = typeof segment === 'number' ? segment : /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
      node = index >= 0 ? node.children?.[index] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/** The object that `path` points into and its properties with the path's key (more than one when duplicated; last wins). */
function existingProperties(tree: Node | undefined, path: (string | number)[]): { container: Node; properties: readonly Node[] } | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const container = nodeAtPath(tree, path, path.length - 1);
  if (container?.type !== 'object') return undefined;
  const properties = propertiesNamed(container, key);
  return properties.length > 0 ? { container, properties } : undefined;
}

/**
 * Cuts properties out of an object, each run of them with the comma that separates it from the
 * rest. Works from the properties' indices: scanning all siblings per fix cost (fixes × keys),
 * 1 000 fixes on an object of 100 000 keys.
 */
function removePropertiesEdits(container: Node, properties: readonly Node[]): TextEdit[] {
  const siblings = container.children ?? [];
  const indices = properties.map((p) => indexAmongSiblings(container, p)).filter((i) => i >= 0).sort((x, y) => x - y);
  const edits: TextEdit[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    let j = i;
    while (k + 1 < indices.length && indices[k + 1] === j + 1) j = indices[++k];
    let start = siblings[i].offset;
    let end = siblings[j].offset + siblings[j].length;
    if (j < siblings.length - 1) end = siblings[j + 1].offset;
    else if (i > 0) start = siblings[i - 1].offset + siblings[i - 1].length;
    edits.push({ offset: start, length: end - start, content: '' });
  }
  return edits;
}

/** Objects with more properties than this get an index of their positions (see indexAmongSiblings). */
const INDEXED_SIBLINGS = 16;
const siblingIndexes = new WeakMap<Node, Map<Node, number>>();

function indexAmongSiblings(container: Node, child: Node): number {
  const siblings = container.children ?? [];
  if (siblings.length <= INDEXED_SIBLINGS) return siblings.indexOf(child);
  let index = siblingIndexes.get(container);
  if (!index) {
    index = new Map(siblings.map((node, i) => [node, i]));
    siblingIndexes.set(container, index);
  }
  return index.get(child) ?? -1;
}

export function removeEdits(text: string, path: (string | number)[], root?: Node): TextEdit[] {
  const arrayItem = typeof path[path.length - 1] === 'number' ? removeArrayItemEdit(text, path, root) : undefined;
  return arrayItem ? [arrayItem] : setValueEdits(text, path, undefined, root);
}

/** What removing the value at a path takes (see planSetValue). */
function planRemove(text: string, tree: Node | undefined, path: (string | number)[]): (() => TextEdit[]) | undefined {
  const arrayItem = typeof path[path.length - 1] === 'number' ? removeArrayItemEdit(text, path, tree) : undefined;
  return arrayItem ? () => [arrayItem] : planSetValue(text, tree, path, undefined);
}

/** How a fix that sets a value places a new key, and the `<placeholder>` it inserts (see Fix.placeholder). */
export interface SetValueFixOptions {
  placement?: Placement;
  placeholder?: string;
}

/** A fix that sets a value, its edits computed when first read (see lazyFix); `tree` is the parsed tree of `text`. */
export function setValueFix(text: string, tree: Node | undefined, title: string, path: (string | number)[], value: unknown, isPreferred?: boolean, options: SetValueFixOptions = {}): Fix {
  const plan = planSetValue(text, tree, path, value, options.placement);
  return lazyFix(title, plan !== undefined, plan ?? (() => []), { isPreferred, placeholder: options.placeholder });
}

/** A fix that removes the property or array item at a path, its edits computed when first read. */
export function removeFix(text: string, tree: Node | undefined, title: string, path: (string | number)[], isPreferred?: boolean): Fix {
  const plan = planRemove(text, tree, path);
  return lazyFix(title, plan !== undefined, plan ?? (() => []), { isPreferred });
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
    node = nodeAtPath(node, [segment]);
  }
  return out;
}

/**
 * jsonc-parser 3.3.1 breaks the text when it removes the last item of an array whose closing
 * bracket is on the same line (`["a", "b"]` becomes `["a""]`), so array items are cut here:
 * the item with the comma after it, or before it when it is the last one.
 */
function removeArrayItemEdit(text: string, path: (string | number)[], root: Node | undefined): TextEdit | undefined {
  const array = nodeAtPath(root ?? parseTree(text, [], { allowTrailingComma: true }), path, path.length - 1);
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
 * Whether two edits touch the same text, so that an editor would refuse them in one change. Two
 * insertions at the same offset conflict too: their order would be undefined.
 */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.offset === b.offset) return true;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
