import { parseTree, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, type Range } from './lineIndex';
import { parsePointer, toPointer, unescapeSegment } from './jsonPointer';
import { nestingOfJsonc, shapeOfValidJson, type NestingProblem } from './textShape';
import { validJsonTree } from './validJsonTree';

/** A payload file parsed for linting: the tolerant syntax tree (exact ranges) and its value. */
export interface ParsedPayload {
  readonly text: string;
  readonly root: Node | undefined;
  /** The document's value as JSON.parse would see it (last duplicate key wins); undefined when there is no root. */
  readonly value: unknown;
  readonly syntaxErrors: readonly SyntaxProblem[];
  readonly lines: LineIndex;
  /**
   * Set when arrays/objects nest deeper than MAX_NESTING_DEPTH: such a file is not parsed
   * further (no tree, no value), since every walk of it would be as deep.
   */
  readonly tooDeep?: NestingProblem;
}

export type { NestingProblem } from './textShape';

export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
  /** A comma before `}` or `]` (offset and length are the comma's): a fix removes it. */
  trailingComma?: boolean;
}

const SYNTAX_HINTS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon (":") was expected after the property name',
  CommaExpected: 'a comma (",") was expected between entries',
  CloseBraceExpected: 'a closing brace ("}") was expected',
  CloseBracketExpected: 'a closing bracket ("]") was expected',
  EndOfFileExpected: 'the document should end after its one top-level value',
  InvalidCommentToken: 'comments are not allowed here',
  UnexpectedEndOfComment: 'a block comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape sequence',
  InvalidEscapeCharacter: 'an invalid escape sequence in a string',
  InvalidCharacter: 'a control character inside a string (escape it, e.g. \\n)',
};

/**
 * Parses leniently: comments are tolerated (they are never sent), trailing commas are errors.
 *
 * Most payloads are valid JSON, so the value comes from the native JSON.parse, and the
 * syntax tree (exact ranges, needed only to place findings and fixes) and the line index are
 * built on first use. A file JSON.parse refuses gets the tolerant jsonc-parser tree at once,
 * with its syntax errors.
 */
export function parsePayload(text: string): ParsedPayload {
  // A UTF-8 BOM is invisible in editors and jsonc-parser would call it an invalid symbol:
  // parse it as a space so that offsets stay those of the file.
  const bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const parseable = bomLength ? ' ' + text.slice(1) : text;
  let value: unknown;
  let fast = true;
  try {
    value = JSON.parse(parseable);
  } catch {
    fast = false;
  }
  // The parsers below, and every walk of the tree or value, recurse once per level: a file
  // nested thousands of levels deep (never a payload) would overflow the stack.
  if (fast) {
    const shape = shapeOfValidJson(parseable, value);
    if (shape.tooDeep) return new LazyPayload(text, parseable, undefined, null, [], shape.tooDeep);
    return new LazyPayload(text, parseable, value, undefined, [], undefined, shape.mayHaveDuplicateKeys);
  }
  const tooDeep = nestingOfJsonc(parseable);
  if (tooDeep) return new LazyPayload(text, parseable, undefined, null, [], tooDeep);

  const errors: ParseError[] = [];
  const root = parseTree(parseable, errors, {
    allowTrailingComma: false,
    disallowComments: false,
    allowEmptyContent: true,
  });
  const syntaxErrors: SyntaxProblem[] = trailingCommasFirst(parseable, errors).map((e) => {
    if ('comma' in e) return { message: `Syntax error: a trailing comma before "${parseable[e.closer]}": JSON allows no comma after the last ${parseable[e.closer] === '}' ? 'property' : 'item'}.`, offset: e.comma, length: 1, trailingComma: true };
    const code = printParseErrorCode(e.error);
    // At least one character is underlined, but never past the end (an error at the end of a
    // file cut short has its offset there).
    const offset = Math.min(e.offset, text.length);
    return {
      message: `Syntax error: ${SYNTAX_HINTS[code] ?? code}.`,
      offset,
      length: Math.min(Math.max(e.length, 1), text.length - offset),
    };
  });
  if (root) clampToText(root, text.length);
  if (!root && syntaxErrors.length === 0) {
    const message = text.trim().length === 0
      ? 'The file is empty: a payload is a JSON object, e.g. {}.'
      : 'The file holds no JSON value: a payload is a JSON object, e.g. {}.';
    syntaxErrors.push({ message, offset: 0, length: 0 });
  }
  return new LazyPayload(text, parseable, root ? getNodeValue(root) : undefined, root ?? null, syntaxErrors);
}

/**
 * jsonc-parser lets the nodes that an unterminated block comment cuts short end one character
 * past the text ({"a": 1 /* … at the end of a file): bring them back inside it.
 */
function clampToText(root: Node, length: number): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const span = node as { offset: number; length: number };
    if (span.offset > length) span.offset = length;
    if (span.offset + span.length > length) span.length = length - span.offset;
    for (const child of node.children ?? []) stack.push(child);
  }
}

/** The syntax tree of text JSON.parse accepted: read as valid JSON, or by jsonc-parser should that fail (it cannot). */
function treeOfValidJson(text: string): Node | undefined {
  try {
    return validJsonTree(text);
  } catch {
    return parseTree(text, [], { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  }
}

/**
 * A payload that is not parsed at all (a file the guard refused: binary, too large…): no tree,
 * no value, no syntax errors. Its line index is only built if someone asks for it.
 */
export function unparsedPayload(text: string): ParsedPayload {
  return new LazyPayload(text, text, undefined, null, []);
}

class LazyPayload implements ParsedPayload {
  private tree: Node | null | undefined;
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly text: string,
    private readonly parseable: string,
    readonly value: unknown,
    /** undefined: not built yet; null: built, and there is no root. */
    tree: Node | null | undefined,
    readonly syntaxErrors: readonly SyntaxProblem[],
    readonly tooDeep?: NestingProblem,
    /** Whether the text may hold a duplicate key (valid JSON only; see shapeOfValidJson). */
    private readonly duplicateKeysPossible = true,
  ) {
    this.tree = tree;
  }

  get root(): Node | undefined {
    // Not built yet: the text is one JSON.parse accepted (see parsePayload).
    if (this.tree === undefined) this.tree = treeOfValidJson(this.parseable) ?? null;
    return this.tree ?? undefined;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  mayHaveDuplicateKeys(): boolean {
    // Only a file JSON.parse accepted can be checked by counting; otherwise walk the tree.
    if (this.syntaxErrors.length > 0 || this.tree !== undefined) return true;
    // Only a payload JSON.parse accepted gets here (tree not built), and it was counted then.
    return this.duplicateKeysPossible;
  }
}

/** Whether a payload may hold a duplicate key (false is certain; true means "walk the tree"). */
export function mayHaveDuplicateKeys(parsed: ParsedPayload): boolean {
  return parsed instanceof LazyPayload ? parsed.mayHaveDuplicateKeys() : true;
}

/** Objects with more properties than this get an index (see propertiesNamed). */
const INDEXED_OBJECT_SIZE = 16;
const propertyIndexes = new WeakMap<Node, Map<string, Node[]>>();

/**
 * The property nodes of an object node with a given key, in file order (more than one for a
 * duplicated key). Large objects are indexed once: findings and fixes on each of 100 000
 * properties would otherwise scan them all every time.
 */
export function propertiesNamed(object: Node, key: string): readonly Node[] {
  const properties = object.children ?? [];
  if (properties.length <= INDEXED_OBJECT_SIZE) return properties.filter((p) => p.children?.[0]?.value === key);
  let index = propertyIndexes.get(object);
  if (!index) {
    index = new Map();
    for (const property of properties) {
      const name = property.children?.[0]?.value;
      if (typeof name !== 'string') continue;
      const list = index.get(name);
      if (list) list.push(property);
      else index.set(name, [property]);
    }
    propertyIndexes.set(object, index);
  }
  return index.get(key) ?? [];
}

/** The value of an object node's property, the last of duplicate keys (as JSON.parse). */
function propertyValue(object: Node, key: string): Node | undefined {
  const named = propertiesNamed(object, key);
  return named.length > 0 ? named[named.length - 1].children?.[1] : undefined;
}

/**
 * The containers pointers were resolved in, per tree: findings come by the thousand in one list
 * or object ("/recipients/0" … "/recipients/999"), and walking from the root for each of them
 * (splitting its pointer, looking its keys up) was most of their cost. The last one is also
 * kept apart: findings come in runs in one container, and then it is found without hashing.
 */
const containersByPointer = new WeakMap<Node, KnownContainers>();

interface KnownContainers {
  byPointer: Map<string, Node | undefined>;
  lastPointer: string | undefined;
  lastNode: Node | undefined;
}

/** The node a JSON Pointer names, following the last of duplicate keys (as JSON.parse does). */
export function nodeAtPointer(root: Node | undefined, pointer: string): Node | undefined {
  if (pointer === '') return root;
  // An invalid pointer is refused as parsePointer refuses it.
  if (pointer.charCodeAt(0) !== 47 /* / */) parsePointer(pointer);
  if (!root) return undefined;
  // Read by character (inlined), not with lastIndexOf and startsWith (calls into the runtime):
  // this runs once per finding.
  let slash = pointer.length - 1;
  while (pointer.charCodeAt(slash) !== 47 /* / */) slash--;
  const container = slash === 0 ? root : containerAt(root, pointer, slash);
  if (container?.type === 'array') {
    // The index read where it is, without cutting it out of the pointer.
    const index = arrayIndex(pointer, slash + 1);
    return index === -1 ? undefined : container.children?.[index];
  }
  return container ? childNode(container, unescapeSegment(pointer.slice(slash + 1))) : undefined;
}

/** The node at the pointer's first `length` characters (a container), walked from the root once per tree. */
function containerAt(root: Node, pointer: string, length: number): Node | undefined {
  let known = containersByPointer.get(root);
  if (!known) containersByPointer.set(root, (known = { byPointer: new Map(), lastPointer: undefined, lastNode: undefined }));
  const { lastPointer } = known;
  if (lastPointer !== undefined && lastPointer.length === length && startsWithSame(pointer, lastPointer)) return known.lastNode;
  const containerPointer = pointer.slice(0, length);
  let node: Node | undefined = known.byPointer.get(containerPointer);
  if (node === undefined && !known.byPointer.has(containerPointer)) {
    // Iteratively: a pointer may come from outside (an API's error), however deep.
    node = root;
    for (const segment of parsePointer(containerPointer)) {
      node = childNode(node, segment);
      if (!node) break;
    }
    known.byPointer.set(containerPointer, node);
  }
  known.lastPointer = containerPointer;
  known.lastNode = node;
  return node;
}

/** Whether `text` starts with `prefix`, compared from the prefix's end (where pointers differ). */
function startsWithSame(text: string, prefix: string): boolean {
  for (let i = prefix.length - 1; i >= 0; i--) if (text.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}

/** One step down: an object's property (the last of duplicate keys) or an array's item. */
function childNode(node: Node, segment: string): Node | undefined {
  if (node.type === 'object') return propertyValue(node, segment);
  if (node.type === 'array') {
    const index = arrayIndex(segment);
    return index === -1 ? undefined : node.children?.[index];
  }
  return undefined;
}

/**
 * The array index a pointer segment (from `start` to the end of `text`) names ("0", "17"; not
 * "017", "-1" or "1e3"), or -1. Read digit by digit: a regular expression per finding was a
 * good part of placing it. An index too long to be exact names no item that can exist.
 */
function arrayIndex(text: string, start = 0): number {
  const length = text.length - start;
  if (length === 0 || length > 15 || (length > 1 && text.charCodeAt(start) === 48 /* 0 */)) return -1;
  let index = 0;
  for (let i = start; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  return index;
}

/** The property node (key + value) that holds the value at a pointer; undefined for the root and array items. */
export function propertyAtPointer(root: Node | undefined, pointer: string): Node | undefined {
  const value = nodeAtPointer(root, pointer);
  return value?.parent?.type === 'property' ? value.parent : undefined;
}

export type RangeTarget = 'value' | 'key' | 'property';

/**
 * Where to put a squiggle for the value at a pointer. For objects and arrays we prefer the
 * property key: underlining a whole multi-line block hides the text it is about.
 */
export function spanAtPointer(parsed: ParsedPayload, pointer: string, target: RangeTarget = 'value'): { offset: number; length: number } {
  const { offset, length } = placeAtPointer(parsed, pointer, target);
  return { offset, length };
}

/**
 * spanAtPointer's span, as the node that has it when one does (no object made per finding): to
 * read, never to change.
 */
export function placeAtPointer(parsed: ParsedPayload, pointer: string, target: RangeTarget = 'value'): Readonly<{ offset: number; length: number }> {
  const node = nodeAtPointer(parsed.root, pointer);
  if (!node) {
    // The value does not exist (e.g. a required property): fall back to its nearest existing parent.
    const segments = parsePointer(pointer);
    if (segments.length === 0) return { offset: 0, length: Math.min(1, parsed.text.length) };
    return placeAtPointer(parsed, toPointer(segments.slice(0, -1)), 'key');
  }
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const key = property?.children?.[0];
  if (target === 'property' && property) return property;
  if (key && (target === 'key' || node.type === 'object' || node.type === 'array')) return key;
  if (!property && (node.type === 'object' || node.type === 'array') && node.parent === undefined) {
    // The root object: its opening brace.
    return { offset: node.offset, length: 1 };
  }
  return node;
}

export function rangeAtPointer(parsed: ParsedPayload, pointer: string, target: RangeTarget = 'value'): Range {
  const span = spanAtPointer(parsed, pointer, target);
  return parsed.lines.rangeOf(span.offset, span.length);
}

/**
 * The parser's errors, with each trailing comma told once: jsonc-parser reports a comma before
 * `}` as two errors at the brace ("property name expected", "value expected") and one before `]`
 * as "value expected", none of which names the comma. Those become one problem at the comma.
 */
function trailingCommasFirst(text: string, errors: readonly ParseError[]): (ParseError | { comma: number; closer: number })[] {
  const out: (ParseError | { comma: number; closer: number })[] = [];
  const seen = new Set<number>();
  for (const error of errors) {
    const closer = error.offset;
    const comma = text[closer] === '}' || text[closer] === ']' ? commaBefore(text, closer) : undefined;
    if (comma === undefined) {
      out.push(error);
      continue;
    }
    if (seen.has(comma)) continue;
    seen.add(comma);
    out.push({ comma, closer });
  }
  return out;
}

/** The offset of a comma that only whitespace separates from `offset`, if there is one. */
function commaBefore(text: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}
