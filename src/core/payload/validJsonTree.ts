import type { Node } from 'jsonc-parser';
import { isEscapedQuote, skipJsonSpace } from './jsonText';

/**
 * jsonc-parser's syntax tree, for text that JSON.parse accepted. Findings and fixes need the
 * tree (exact offsets); jsonc-parser builds it through a tolerant scanner and a visitor, one
 * callback per token, which was the largest cost of placing 1 000 findings. Valid JSON needs
 * none of that tolerance: this reads it with one search per string and gives the same nodes
 * (test/unit/validJsonTree.test.ts compares the two).
 *
 * Only for valid JSON nested within the limit (parsePayload checks both first): anything else
 * is refused with an Error, and the caller uses jsonc-parser.
 */
export function validJsonTree(text: string): Node | undefined {
  treeWork.characters += text.length;
  const reader = new TreeReader(text);
  const root = reader.value(undefined);
  if (reader.skipSpace() !== text.length) throw new Error('Not valid JSON: text after the value.');
  return root;
}

/** Characters read into trees, for tests that bound the work by counts (test/support/fuzz/workMeter.ts). */
export const treeWork = { characters: 0 };

/** A node while it is built (jsonc-parser's type is read-only). */
type Building = { -readonly [K in keyof Node]: Node[K] };

const QUOTE = 34;

class TreeReader {
  private position = 0;
  /** The first backslash at or after `position` (-1: none left); searched for again only once passed. */
  private nextBackslash: number;

  constructor(private readonly text: string) {
    this.nextBackslash = text.indexOf('\\');
  }

  skipSpace(): number {
    return (this.position = skipJsonSpace(this.text, this.position));
  }

  /** The value at the current position (after spaces); the parent is undefined for the root, which has no `parent` field (as in jsonc-parser). */
  value(parent: Node | undefined): Node {
    const offset = this.skipSpace();
    switch (this.text.charCodeAt(offset)) {
      case 123 /* { */:
        return this.object(parent, offset);
      case 91 /* [ */:
        return this.array(parent, offset);
      case QUOTE: {
        const end = this.stringEnd(offset);
        return this.node({ type: 'string', offset, length: end - offset, parent, value: this.stringValue(offset, end) });
      }
      case 116 /* t */:
        return this.literal(parent, offset, 'true', 'boolean', true);
      case 102 /* f */:
        return this.literal(parent, offset, 'false', 'boolean', false);
      case 110 /* n */:
        return this.literal(parent, offset, 'null', 'null', null);
      default:
        return this.number(parent, offset);
    }
  }

  private object(parent: Node | undefined, offset: number): Building {
    const object = this.node({ type: 'object', offset, length: -1, parent, children: [] as Node[] });
    const children = object.children!;
    this.position = offset + 1;
    const first = this.skipSpace();
    if (this.text.charCodeAt(first) === 125 /* } */) {
      this.position = first + 1;
    } else {
      for (;;) {
        const keyOffset = this.skipSpace();
        if (this.text.charCodeAt(keyOffset) !== QUOTE) throw new Error(`Not valid JSON: a key was expected at ${keyOffset}.`);
        const keyEnd = this.stringEnd(keyOffset);
        const property: Building = { type: 'property', offset: keyOffset, length: -1, parent: object, children: [] };
        children.push(property);
        property.children!.push({ type: 'string', value: this.stringValue(keyOffset, keyEnd), offset: keyOffset, length: keyEnd - keyOffset, parent: property });
        const colon = this.skipSpace();
        if (this.text.charCodeAt(colon) !== 58 /* : */) throw new Error(`Not valid JSON: a colon was expected at ${colon}.`);
        property.colonOffset = colon;
        this.position = colon + 1;
        const value = this.value(property);
        property.children!.push(value);
        property.length = value.offset + value.length - keyOffset;
        if (!this.separator(125 /* } */)) break;
      }
    }
    object.length = this.position - offset;
    return object;
  }

  private array(parent: Node | undefined, offset: number): Building {
    const array = this.node({ type: 'array', offset, length: -1, parent, children: [] as Node[] });
    const children = array.children!;
    this.position = offset + 1;
    const first = this.skipSpace();
    if (this.text.charCodeAt(first) === 93 /* ] */) {
      this.position = first + 1;
    } else {
      for (;;) {
        children.push(this.value(array));
        if (!this.separator(93 /* ] */)) break;
      }
    }
    array.length = this.position - offset;
    return array;
  }

  /** After an item: true for a comma (another item follows), false past the closing bracket. */
  private separator(close: number): boolean {
    const at = this.skipSpace();
    const code = this.text.charCodeAt(at);
    this.position = at + 1;
    if (code === 44 /* , */) return true;
    if (code === close) return false;
    throw new Error(`Not valid JSON: "," or "${String.fromCharCode(close)}" was expected at ${at}.`);
  }

  private literal(parent: Node | undefined, offset: number, word: string, type: 'boolean' | 'null', value: boolean | null): Node {
    if (!this.text.startsWith(word, offset)) throw new Error(`Not valid JSON: ${word} was expected at ${offset}.`);
    this.position = offset + word.length;
    return this.node({ type, offset, length: word.length, parent, value });
  }

  private number(parent: Node | undefined, offset: number): Node {
    const text = this.text;
    let end = offset;
    for (let code = text.charCodeAt(end); (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46 || code === 101 || code === 69; code = text.charCodeAt(++end));
    if (end === offset) throw new Error(`Not valid JSON: a value was expected at ${offset}.`);
    this.position = end;
    return this.node({ type: 'number', offset, length: end - offset, parent, value: Number(text.slice(offset, end)) });
  }

  /** The offset just past the closing quote of the string that starts at `start`; the position moves there. */
  private stringEnd(start: number): number {
    const text = this.text;
    let quote = text.indexOf('"', start + 1);
    if (this.nextBackslash !== -1 && this.nextBackslash < start) this.nextBackslash = text.indexOf('\\', start);
    // Escaped quotes only where there are backslashes.
    while (quote !== -1 && this.nextBackslash !== -1 && this.nextBackslash < quote && isEscapedQuote(text, quote)) quote = text.indexOf('"', quote + 1);
    if (quote === -1) throw new Error(`Not valid JSON: a string is not closed (${start}).`);
    return (this.position = quote + 1);
  }

  /** The value of the string literal text[start, end): its text, or decoded when it has escapes. */
  private stringValue(start: number, end: number): string {
    const backslash = this.nextBackslash;
    if (backslash === -1 || backslash >= end) return this.text.slice(start + 1, end - 1);
    return JSON.parse(this.text.slice(start, end)) as string;
  }

  /** Drops the `parent` field of the root, which jsonc-parser's root does not have. */
  private node(fields: Building): Building {
    if (fields.parent === undefined) delete fields.parent;
    return fields;
  }
}
