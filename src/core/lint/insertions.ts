import type { Node } from 'jsonc-parser';
import { propertiesNamed } from '../payload/parsePayload';
import { detectFormatting, isCompact } from './fileStyle';
import type { TextEdit } from './types';

/** Where a fix puts a property it adds. */
export interface Placement {
  /**
   * Keys the new property belongs next to, best first: it goes right after the first one the
   * object has (e.g. diffusionDate after diffusionMode), else after the object's last property.
   */
  after?: readonly string[];
}

/**
 * One insertion that adds a property to an object, or an item at the end of an array (index -1),
 * written in the file's own style: a new line with the indentation of its neighbour in a
 * multi-line object, `, "key": value` in a one-line one, the neighbour's `:` spacing, no spaces
 * in a minified file. Nothing else is touched. `container` is the node the path ends in (the
 * last of duplicated keys, as JSON.parse keeps). Decided from the tree alone, the edit written
 * only when it is read (a lint offers 1 000 fixes; a user applies one): undefined when the path
 * does not end in a container the file has (the caller falls back to a plain insertion).
 */
export function insertionPlan(text: string, container: Node | undefined, key: string | number, value: unknown, placement: Placement): (() => TextEdit) | undefined {
  // An unclosed container (a file being typed) is left to the fallback, which follows jsonc-parser's recovery.
  if (!container || !isClosed(text, container)) return undefined;
  if (container.type === 'object' && typeof key === 'string') {
    if (propertiesNamed(container, key).length > 0) return undefined;
    return () => insertIntoObject(text, container, `${JSON.stringify(key)}${colonStyle(text, container)}${valueText(value, text)}`, placement);
  }
  if (container.type === 'array' && key === -1) return () => appendToArray(text, container, valueText(value, text));
  return undefined;
}

function isClosed(text: string, container: Node): boolean {
  const close = container.type === 'object' ? '}' : ']';
  return container.length >= 2 && text[container.offset + container.length - 1] === close;
}

function insertIntoObject(text: string, object: Node, member: string, placement: Placement): TextEdit {
  const members = object.children ?? [];
  if (members.length === 0) return intoEmpty(text, object, member);
  const anchor = anchorProperty(members, placement.after ?? []) ?? members[members.length - 1];
  return after(text, members, anchor, member);
}

function appendToArray(text: string, array: Node, item: string): TextEdit {
  const items = array.children ?? [];
  if (items.length === 0) return intoEmpty(text, array, item);
  return after(text, items, items[items.length - 1], item);
}

/** The first of the preferred keys the object has (its last occurrence: the one that is sent). */
function anchorProperty(members: readonly Node[], preferred: readonly string[]): Node | undefined {
  for (const name of preferred) {
    const found = members.filter((m) => m.children?.[0]?.value === name);
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

/**
 * Inserts right after `anchor` (before the comma that may follow it): on a line of its own with
 * the anchor's indentation when the anchor starts its line, else on the same line.
 */
function after(text: string, siblings: readonly Node[], anchor: Node, member: string): TextEdit {
  const offset = anchor.offset + anchor.length;
  // Compactness first: in a minified file, finding the line's indentation would scan back over it all.
  const indentation = isCompact(text) ? undefined : lineIndentation(text, anchor.offset);
  if (indentation !== undefined) {
    return { offset, length: 0, content: `,${detectFormatting(text).eol}${indentation}${member}` };
  }
  return { offset, length: 0, content: `${commaStyle(text, siblings)}${member}` };
}

/** `{}` / `[]`: one line in a minified file or when the container sits inside a line, else the file's indentation. */
function intoEmpty(text: string, container: Node, member: string): TextEdit {
  const inside = { offset: container.offset + 1, length: container.length - 2 };
  const indentation = lineIndentation(text, container.offset);
  const isRoot = container.parent === undefined;
  if (isCompact(text) || !isRoot) return { ...inside, content: member };
  const { eol, insertSpaces, tabSize } = detectFormatting(text);
  const unit = insertSpaces ? ' '.repeat(tabSize ?? 2) : '\t';
  const base = indentation ?? '';
  return { ...inside, content: `${eol}${base}${unit}${member}${eol}${base}` };
}

/** The whitespace before `offset` on its line, when only whitespace precedes it there. */
function lineIndentation(text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const before = text.slice(start, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** What separates the container's neighbours on one line (", " unless the file writes ","). */
function commaStyle(text: string, siblings: readonly Node[]): string {
  if (siblings.length >= 2) {
    const gap = text.slice(siblings[0].offset + siblings[0].length, siblings[1].offset);
    if (gap === ',') return ',';
  }
  return isCompact(text) ? ',' : ', ';
}

/** What follows a key in this object: ": " or ":" as the file writes it. */
function colonStyle(text: string, object: Node): string {
  const first = object.children?.[0];
  const [keyNode, valueNode] = first?.children ?? [];
  if (keyNode && valueNode) {
    const gap = text.slice(keyNode.offset + keyNode.length, valueNode.offset);
    if (gap === ':' || gap === ': ') return gap;
  }
  return isCompact(text) ? ':' : ': ';
}

/** Scalars and short lists of scalars on one line, the way a person adds them (no spaces in a minified file). */
function valueText(value: unknown, text: string): string {
  const compact = isCompact(text);
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(compact ? ',' : ', ')}]`;
    if (typeof v === 'object' && v !== null) {
      const members = Object.entries(v).map(([k, item]) => `${JSON.stringify(k)}${compact ? ':' : ': '}${write(item)}`);
      return compact || members.length === 0 ? `{${members.join(',')}}` : `{ ${members.join(', ')} }`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return write(value);
}
