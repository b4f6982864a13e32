/**
 * Mutations of payload files for the fuzz test. A seed is read into a small tree that keeps
 * duplicate keys and raw tokens (so that `1e999` or a lone surrogate survive), mutated, written
 * back in a random style, and then mutated again as text (truncation, comments, BOM, line ends…).
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { Prng } from './prng';

export type JValue =
  | { t: 'raw'; text: string }
  | { t: 'arr'; items: JValue[] }
  | { t: 'obj'; entries: { key: string; value: JValue }[] };

const raw = (text: string): JValue => ({ t: 'raw', text });
const str = (s: string): JValue => raw(JSON.stringify(s));

export function fromText(text: string): JValue | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  return root ? fromNode(root) : undefined;
}

function fromNode(node: Node): JValue {
  if (node.type === 'object') {
    return {
      t: 'obj',
      entries: (node.children ?? []).flatMap((p) => {
        const [k, v] = p.children ?? [];
        return k && v ? [{ key: String(k.value), value: fromNode(v) }] : [];
      }),
    };
  }
  if (node.type === 'array') return { t: 'arr', items: (node.children ?? []).map(fromNode) };
  return raw(JSON.stringify(node.value) ?? 'null');
}

/** Every value node with a way to replace it, the root excluded. */
function slots(root: JValue): { get: () => JValue; set: (v: JValue) => void; depth: number; key?: string }[] {
  const out: { get: () => JValue; set: (v: JValue) => void; depth: number; key?: string }[] = [];
  const stack: { node: JValue; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node.t === 'obj') {
      for (const entry of node.entries) {
        out.push({ get: () => entry.value, set: (v) => (entry.value = v), depth: depth + 1, key: entry.key });
        stack.push({ node: entry.value, depth: depth + 1 });
      }
    } else if (node.t === 'arr') {
      node.items.forEach((item, i) => {
        out.push({ get: () => node.items[i], set: (v) => (node.items[i] = v), depth: depth + 1 });
        stack.push({ node: item, depth: depth + 1 });
      });
    }
  }
  return out;
}

function objects(root: JValue): Extract<JValue, { t: 'obj' }>[] {
  const out: Extract<JValue, { t: 'obj' }>[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.t === 'obj') {
      out.push(node);
      for (const e of node.entries) stack.push(e.value);
    } else if (node.t === 'arr') for (const item of node.items) stack.push(item);
  }
  return out;
}

// ---- interesting values ---------------------------------------------------------------------

export const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$request', '$schema', '$x', '$', '', ' ', 'a/b', '~0~1', '{{key}}', '<key>', '😀', '\u202etitle', 'ti\u0000tle', '\ud800', 'title\u200f'];

const ODD_STRINGS = [
  '',
  ' ',
  '\ud800',
  '\udc00x',
  'a\ud83d',
  '😀👩‍👩‍👧‍👦🇸🇪',
  '\u200f\u202eRTL\u202c',
  '\u0000',
  'nul\u0000inside',
  '\u0001\u0007\u001f\u007f',
  'line\nbreak\r\nand\rcr',
  '\u2028\u2029',
  '\ufeffbom',
  'e\u0301\u0301\u0301',
  '\\',
  '"',
  '{{',
  '}}',
  '{{}}',
  '{{ name }}',
  '{{name}',
  '{{{name}}}',
  '{{a}}{{b}}{{a}}',
  '{{9bad}}',
  '{{ __proto__ }}',
  '{{constructor}}',
  '<',
  '<>',
  '<x>',
  '<<x>>',
  '<signer id>',
  '<document id>',
  '<a><b>',
  'jane@example.com',
  'JANE@EXAMPLE.COM',
  'not-an-email',
  'a@b',
  '2030-01-15T09:00:00Z',
  '2030-01-15',
  '2030-01-15 09:00',
  '2030-01-15T09:00',
  '2030-01-15T23:30:00-05:00',
  '2030-01-15T00:30:00+14:00',
  '2030-02-30T00:00:00Z',
  '2000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '+275760-09-13T00:00:00Z',
  '0000-00-00',
  'https://example.com/done',
  'javascript:alert(1)',
  'EN',
  'fr',
  'SCHEDULED',
  'WHEN_READY',
  'DOCUMENT',
  'SIGNATURE_REQUEST',
  'qes',
  'QES',
  '65f1c2a9e4b0a1b2c3d4e600',
  'signer-a',
  'cl123456789012345678901234',
];

const ODD_NUMBERS = ['0', '-0', '1', '-1', '1.5', '1e999', '-1e999', '5e-324', '1E+308', '0x10', '01', '1.', '.5', '+1', '1e', '-', 'NaN', 'Infinity', '123456789012345678901234567890', '2147483648', '9007199254740993'];

const ODD_LITERALS = ['true', 'false', 'null', 'undefined', 'True', 'nul'];

/** Text of a 1 MB string (as a JSON token), in one of several shapes that stress regexes and messages. */
export function hugeString(prng: Prng): string {
  const size = 1 << 20;
  const unit = prng.pick(['a', 'é', '😀', '\\"', '\\u0041', 'a@b.', '{{x}}', '{{ ', '<', '0', 'T00:00:00.0', ' ', '\\n', '{{a.b-c', 'ab']);
  let body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  // Do not cut an escape in two.
  body = body.replace(/\\(u[0-9A-Fa-f]{0,3})?$/, '');
  const prefix = prng.pick(['', 'x@', '2030-01-15T09:00:00', '<', '{{', 'https://']);
  const suffix = prng.pick(['', ' ', '>', '}}', 'Z', '\\u0000']);
  return `"${prefix}${body}${suffix}"`;
}

/** Nesting of `levels` arrays or objects, closed or (sometimes) left open. */
export function deepNesting(prng: Prng, levels: number): string {
  const kind = prng.pick(['array', 'object', 'mixed']);
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
    open += asArray ? '[' : '{"a":';
    close = (asArray ? ']' : '}') + close;
  }
  return open + (prng.chance(0.5) ? '1' : '"x"') + (prng.chance(0.85) ? close : '');
}

function oddString(prng: Prng): string {
  const base = prng.pick(ODD_STRINGS);
  if (prng.chance(0.3)) return JSON.stringify(base + prng.pick(ODD_STRINGS));
  // Sometimes written literally (not escaped): raw control characters, lone surrogates in the file.
  if (prng.chance(0.25)) return `"${base.replace(/["\\]/g, '\\$&')}"`;
  return JSON.stringify(base);
}

export function randomValue(prng: Prng, depth = 0): JValue {
  const kind = prng.weighted<string>([
    [5, 'string'],
    [3, 'number'],
    [2, 'literal'],
    [depth < 3 ? 2 : 0, 'array'],
    [depth < 3 ? 2 : 0, 'object'],
    [0.08, 'huge'],
    [0.2, 'deep'],
  ]);
  switch (kind) {
    case 'string':
      return raw(oddString(prng));
    case 'number':
      return raw(prng.pick(ODD_NUMBERS));
    case 'literal':
      return raw(prng.pick(ODD_LITERALS.slice(0, prng.chance(0.9) ? 3 : ODD_LITERALS.length)));
    case 'array':
      return { t: 'arr', items: Array.from({ length: prng.int(0, 4) }, () => randomValue(prng, depth + 1)) };
    case 'object':
      return { t: 'obj', entries: Array.from({ length: prng.int(0, 3) }, () => ({ key: prng.chance(0.5) ? prng.pick(ODD_KEYS) : prng.pick(ODD_STRINGS), value: randomValue(prng, depth + 1) })) };
    case 'huge':
      return raw(hugeString(prng));
    default:
      return raw(deepNesting(prng, prng.pick([100, 101, 500, 5000, prng.int(2, 6000)])));
  }
}

// ---- tree mutations ---------------------------------------------------------------------------

export interface MutationContext {
  prng: Prng;
  /** Property names the provider's schema knows (update and response-only ones). */
  knownProperties: readonly string[];
}

type TreeMutation = (root: JValue, ctx: MutationContext) => string;

const TREE_MUTATIONS: readonly (readonly [number, TreeMutation])[] = [
  [4, typeSwap],
  [4, setKnownProperty],
  [2, addOddKey],
  [3, duplicateKey],
  [2, removeSomething],
  [2, variableSomewhere],
  [2, placeholderSomewhere],
  [1, duplicateListEntries],
  [1, requestMetadata],
  [0.25, hugeValue],
  [0.4, deepValue],
  [0.2, wideValue],
];

function typeSwap(root: JValue, { prng }: MutationContext): string {
  const all = slots(root);
  if (all.length === 0) return 'typeSwap(none)';
  const slot = prng.pick(all);
  const was = slot.get();
  const target = prng.pick(['string', 'number', 'object', 'array', 'null', 'boolean']);
  const replacement: JValue =
    target === 'string' ? (was.t === 'raw' ? str(was.text) : raw(oddString(prng)))
    : target === 'number' ? raw(prng.pick(ODD_NUMBERS))
    : target === 'object' ? (was.t === 'arr' ? { t: 'obj', entries: was.items.map((v, i) => ({ key: String(i), value: v })) } : { t: 'obj', entries: [{ key: slot.key ?? 'value', value: was }] })
    : target === 'array' ? { t: 'arr', items: was.t === 'obj' ? was.entries.map((e) => e.value) : [was] }
    : target === 'null' ? raw('null')
    : raw(prng.pick(['true', 'false']));
  slot.set(replacement);
  return `typeSwap(${slot.key ?? '[i]'}→${target})`;
}

function setKnownProperty(root: JValue, { prng, knownProperties }: MutationContext): string {
  const targets = objects(root);
  const object = prng.chance(0.7) || targets.length === 0 ? root : prng.pick(targets);
  if (object.t !== 'obj') return 'setKnownProperty(root not an object)';
  const key = prng.pick(knownProperties);
  const value = prng.chance(0.3) ? { t: 'arr' as const, items: Array.from({ length: prng.int(0, 3) }, () => raw(oddString(prng))) } : randomValue(prng, 1);
  const existing = object.entries.find((e) => e.key === key);
  if (existing && prng.chance(0.7)) existing.value = value;
  else object.entries.splice(prng.int(0, object.entries.length), 0, { key, value });
  return `setKnownProperty(${key})`;
}

function addOddKey(root: JValue, { prng }: MutationContext): string {
  const targets = objects(root);
  if (targets.length === 0) return 'addOddKey(none)';
  const object = prng.pick(targets);
  const key = prng.pick(ODD_KEYS);
  object.entries.splice(prng.int(0, object.entries.length), 0, { key, value: randomValue(prng, 1) });
  return `addOddKey(${JSON.stringify(key)})`;
}

function duplicateKey(root: JValue, { prng }: MutationContext): string {
  const targets = objects(root).filter((o) => o.entries.length > 0);
  if (targets.length === 0) return 'duplicateKey(none)';
  const object = prng.pick(targets);
  const entry = prng.pick(object.entries);
  const value = prng.chance(0.5) ? entry.value : randomValue(prng, 1);
  const copies = prng.chance(0.8) ? 1 : prng.int(2, 4);
  for (let i = 0; i < copies; i++) object.entries.splice(prng.int(0, object.entries.length), 0, { key: entry.key, value });
  return `duplicateKey(${entry.key}×${copies + 1})`;
}

function removeSomething(root: JValue, { prng }: MutationContext): string {
  const containers = [...objects(root), ...allArrays(root)].filter((c) => (c.t === 'obj' ? c.entries.length : c.t === 'arr' ? c.items.length : 0) > 0);
  if (containers.length === 0) return 'remove(none)';
  const container = prng.pick(containers);
  if (container.t === 'obj') container.entries.splice(prng.int(0, container.entries.length - 1), 1);
  else if (container.t === 'arr') container.items.splice(prng.int(0, container.items.length - 1), 1);
  return 'remove';
}

function allArrays(root: JValue): JValue[] {
  const out: JValue[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.t === 'arr') {
      out.push(node);
      for (const item of node.items) stack.push(item);
    } else if (node.t === 'obj') for (const e of node.entries) stack.push(e.value);
  }
  return out;
}

const VARIABLE_FORMS = ['{{name}}', '{{ env.id }}', '{{a}}-{{b}}', 'x{{name}}y', '{{missing}}', '{{__proto__}}', '{{constructor}}', '{{toString}}', '{{name', '{{}}', '{{ 1x }}', '{{😀}}', '{{name}}\u0000', '{{a.b-c_d}}'];

function variableSomewhere(root: JValue, { prng }: MutationContext): string {
  const form = prng.pick(VARIABLE_FORMS);
  const where = prng.pick(['value', 'key', 'request']);
  if (where === 'key') {
    const targets = objects(root);
    if (targets.length > 0) prng.pick(targets).entries.push({ key: form, value: str(form) });
  } else if (where === 'request' && root.t === 'obj') {
    root.entries.push({ key: '$request', value: { t: 'obj', entries: [{ key: prng.pick(['id', 'environment']), value: str(form) }] } });
  } else {
    const all = slots(root);
    if (all.length > 0) prng.pick(all).set(str(form));
  }
  return `variable(${where}:${form})`;
}

function placeholderSomewhere(root: JValue, { prng }: MutationContext): string {
  const form = prng.pick(['<x>', '<signer id>', '<>', '<<x>>', '<a>b>', '< >', '<😀>']);
  const all = slots(root);
  if (all.length > 0) prng.pick(all).set(str(form));
  return `placeholder(${form})`;
}

function duplicateListEntries(root: JValue, { prng }: MutationContext): string {
  if (root.t !== 'obj') return 'duplicateListEntries(root not an object)';
  const field = prng.pick(['signerIds', 'documentIds', 'signersAsApprover', 'recipients', 'observers', 'participants']);
  const item = prng.pick(['"a"', '"A"', '"jane@example.com"', '"JANE@example.com"', '"{{id}}"', '"<signer id>"', '1', 'null']);
  root.entries.push({ key: field, value: { t: 'arr', items: Array.from({ length: prng.int(2, 5) }, () => raw(prng.chance(0.7) ? item : oddString(prng))) } });
  return `duplicateListEntries(${field})`;
}

function requestMetadata(root: JValue, { prng }: MutationContext): string {
  if (root.t !== 'obj') return 'request(root not an object)';
  const value = prng.chance(0.3) ? randomValue(prng, 1) : { t: 'obj' as const, entries: [{ key: 'id', value: prng.chance(0.5) ? raw(oddString(prng)) : randomValue(prng, 2) }, { key: 'environment', value: raw(oddString(prng)) }] };
  root.entries.splice(prng.int(0, root.entries.length), 0, { key: '$request', value });
  return '$request';
}

function hugeValue(root: JValue, { prng }: MutationContext): string {
  const all = slots(root);
  if (all.length === 0) return 'huge(none)';
  prng.pick(all).set(raw(hugeString(prng)));
  return 'hugeString';
}

function deepValue(root: JValue, { prng }: MutationContext): string {
  const all = slots(root);
  if (all.length === 0) return 'deep(none)';
  const levels = prng.pick([99, 100, 101, 1000, 5000]);
  prng.pick(all).set(raw(deepNesting(prng, levels)));
  return `deepNesting(${levels})`;
}

/** A very long array or object (many small entries, unlike one huge string). */
function wideValue(root: JValue, { prng, knownProperties }: MutationContext): string {
  const count = prng.weighted([
    [4, 1000],
    [2, 20_000],
    [1, 50_000],
  ]);
  const item = prng.pick(['1', '"a"', '"jane@example.com"', '"{{x}}"', '"<x>"', 'null', '{}', '[]', '"2000-01-01"']);
  const wide: JValue = prng.chance(0.7)
    ? { t: 'arr', items: Array.from({ length: count }, () => raw(item)) }
    : { t: 'obj', entries: Array.from({ length: count }, (_, i) => ({ key: prng.chance(0.9) ? `k${i}` : 'dup', value: raw(item) })) };
  if (root.t === 'obj' && wide.t === 'obj' && prng.chance(0.3)) {
    // Thousands of unknown properties in the body itself (a big JSON file opened by mistake).
    root.entries.push(...wide.entries);
  } else if (root.t === 'obj' && prng.chance(0.7)) {
    root.entries.push({ key: prng.pick(knownProperties), value: wide });
  } else {
    const all = slots(root);
    if (all.length === 0) return 'wide(none)';
    prng.pick(all).set(wide);
  }
  return `wide(${count}×${item})`;
}

export function mutateTree(root: JValue, ctx: MutationContext): string {
  return ctx.prng.weighted(TREE_MUTATIONS)(root, ctx);
}

// ---- writing the tree back ------------------------------------------------------------------

export interface Style {
  indent: string;
  eol: string;
  colon: string;
  /** Comments before some entries. */
  comments: boolean;
  trailingComma: boolean;
}

export function randomStyle(prng: Prng): Style {
  return {
    indent: prng.pick(['', '  ', '    ', '\t']),
    eol: prng.weighted([
      [6, '\n'],
      [3, '\r\n'],
      [1, '\r'],
    ]),
    colon: prng.pick([': ', ':', ' : ']),
    comments: prng.chance(0.15),
    trailingComma: prng.chance(0.05),
  };
}

/** Writes a tree as text (iteratively: raw tokens may be deep, the tree itself is shallow). */
export function serialize(root: JValue, style: Style, prng: Prng): string {
  const parts: string[] = [];
  const write = (node: JValue, level: number): void => {
    if (node.t === 'raw') {
      parts.push(node.text);
      return;
    }
    const [open, close] = node.t === 'obj' ? ['{', '}'] : ['[', ']'];
    const children = node.t === 'obj' ? node.entries : node.items;
    if (children.length === 0) {
      parts.push(open + close);
      return;
    }
    const pad = style.indent ? style.eol + style.indent.repeat(level + 1) : ' ';
    parts.push(open);
    children.forEach((child, i) => {
      parts.push(pad);
      if (style.comments && prng.chance(0.2)) parts.push(prng.pick(['// note', '/* note */ ', '/** doc */']) + (style.indent ? pad : ' '));
      if (node.t === 'obj') {
        const entry = child as { key: string; value: JValue };
        parts.push(JSON.stringify(entry.key), style.colon);
        write(entry.value, level + 1);
      } else {
        write(child as JValue, level + 1);
      }
      if (i < children.length - 1 || style.trailingComma) parts.push(',');
    });
    parts.push(style.indent ? style.eol + style.indent.repeat(level) : ' ', close);
  };
  write(root, 0);
  return parts.join('') + (prng.chance(0.7) ? style.eol : '');
}

// ---- text mutations -------------------------------------------------------------------------

const JUNK = ['{', '}', '[', ']', ',', ':', '"', "'", '\\', '\\u', '\\uD800', '//', '// c\n', '/*', '*/', '/* c */', '\u0000', '\u0001', '\u001b', '\t', '\r', '\n', '\r\n', '\ufeff', '\ud800', '\udfff', '😀', '\u200f', '\u202e', '\u2028', '{{x}}', '<x>', '1e999', '-0', '0x10', 'NaN', 'true', 'null', '"__proto__":', '"constructor": {}', ',,', '"a":1,"a":2'];

type TextMutation = (text: string, prng: Prng) => [string, string];

const TEXT_MUTATIONS: readonly (readonly [number, TextMutation])[] = [
  [4, (t, p) => {
    const at = p.int(0, t.length);
    return [t.slice(0, at), `truncate@${at}`];
  }],
  [4, (t, p) => {
    const at = p.int(0, t.length);
    const junk = p.pick(JUNK);
    return [t.slice(0, at) + junk + t.slice(at), `insert@${at}:${JSON.stringify(junk)}`];
  }],
  [2, (t, p) => {
    const at = p.int(0, t.length);
    const length = p.int(1, 40);
    return [t.slice(0, at) + t.slice(at + length), `delete@${at}+${length}`];
  }],
  [1, (t, p) => {
    const from = p.int(0, t.length);
    const span = t.slice(from, from + p.int(1, 80));
    const at = p.int(0, t.length);
    return [t.slice(0, at) + span + t.slice(at), `copy@${from}→${at}`];
  }],
  [2, (t, p) => {
    const where = p.pick(['start', 'twice', 'middle']);
    if (where === 'start') return ['\ufeff' + t, 'bom'];
    if (where === 'twice') return ['\ufeff\ufeff' + t, 'bom×2'];
    const at = p.int(0, t.length);
    return [t.slice(0, at) + '\ufeff' + t.slice(at), `bom@${at}`];
  }],
  [2, (t, p) => {
    const eol = p.pick(['\r\n', '\r', '\u2028']);
    return [t.replace(/\r\n|\r|\n/g, eol), `eol=${JSON.stringify(eol)}`];
  }],
  [2, (t, p) => {
    const comment = p.pick(['// line comment\n', '/* block */', '/* unterminated', '//', '/**/', '/* {{x}} <y> */', '// "a": 1\n']);
    const at = p.int(0, t.length);
    return [t.slice(0, at) + comment + t.slice(at), `comment@${at}:${JSON.stringify(comment)}`];
  }],
  [1, (t, p) => {
    const at = p.int(0, t.length);
    const ch = p.pick(['\u0000', '\u0007', '\u007f', '\ud800', '\u00a0', '\u3000', '😀']);
    return [t.slice(0, at) + ch + t.slice(at + 1), `replace@${at}:${JSON.stringify(ch)}`];
  }],
  [0.5, (t, p) => {
    const at = p.int(0, t.length);
    return [t.slice(0, at) + ' '.repeat(p.int(1000, 100000)) + t.slice(at), `whitespace@${at}`];
  }],
  [0.3, (t, p) => {
    const at = p.int(0, t.length);
    const levels = p.pick([100, 5000, 20000]);
    return [t.slice(0, at) + deepNesting(p, levels) + t.slice(at), `deepText@${at}:${levels}`];
  }],
  [0.1, (t, p) => {
    const at = p.int(0, t.length);
    return [t.slice(0, at) + hugeString(p) + t.slice(at), `hugeText@${at}`];
  }],
];

export function mutateText(text: string, prng: Prng): [string, string] {
  return prng.weighted(TEXT_MUTATIONS)(text, prng);
}
