/**
 * Globs (`payloads/**\/*.{ignisign,zigned}.json`) read into a small regular-expression tree,
 * with picomatch's meaning (the library the CLI matched them with before): `*`, `?`, `**` as a
 * whole segment, `[…]` classes (`[!…]`, `[^…]`, ranges, POSIX classes), `{a,b}` alternatives and
 * `{1..3}` ranges, `@(…)`, `?(…)`, `*(…)`, `+(…)` and `(a|b)` groups, `\` escapes, a leading `!`
 * (negation) and `./`. Not `!(…)`, which is no regular language: it is refused (GlobError).
 *
 * The tree is matched by simulating its automaton (globMatcher.ts): no backtracking, so the cost
 * of a match is bounded by the pattern's length times the path's, whatever the pattern.
 */

/** Refused: too long, too deeply nested, or a construct this matcher does not have. */
export class GlobError extends Error {}

/** The longest glob taken (as the CLI's limits had it); real globs are a few dozen characters. */
export const MAX_GLOB_LENGTH = 1024;
/** Groups (`{…}`, `(…)`) nested deeper than this are refused. */
export const MAX_GLOB_NESTING = 10;
/** `{1..1000}` ranges give at most this many alternatives in all. */
export const MAX_RANGE_ITEMS = 1000;

export type CharTest =
  | { kind: 'literal'; code: number }
  /** A wildcard: any character (but `/` unless `slash`); never a `.` starting a segment unless dot files are matched. */
  | { kind: 'any'; slash: boolean }
  | { kind: 'class'; negated: boolean; ranges: [number, number][] };

export type GlobNode =
  | { kind: 'char'; test: CharTest }
  | { kind: 'seq'; items: GlobNode[] }
  | { kind: 'alt'; options: GlobNode[] }
  | { kind: 'repeat'; node: GlobNode; min: 0 | 1; max: 1 | typeof Infinity };

export interface ParsedGlob {
  node: GlobNode;
  /** A leading `!`: the glob matches what its rest does not. */
  negated: boolean;
}

const SLASH = 47;
const literal = (code: number): GlobNode => ({ kind: 'char', test: { kind: 'literal', code } });
const seq = (...items: GlobNode[]): GlobNode => ({ kind: 'seq', items });
const star = (node: GlobNode): GlobNode => ({ kind: 'repeat', node, min: 0, max: Infinity });
const optional = (node: GlobNode): GlobNode => ({ kind: 'repeat', node, min: 0, max: 1 });
/** `**` as a whole segment: any run of characters, slashes included. */
const anyPath = (): GlobNode => star({ kind: 'char', test: { kind: 'any', slash: true } });

const POSIX_CLASSES: Record<string, [number, number][]> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};

export function parseGlob(pattern: string): ParsedGlob {
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(`is ${pattern.length} characters long; the limit is ${MAX_GLOB_LENGTH}`);
  let start = 0;
  let negated = false;
  while (pattern[start] === '!' && pattern[start + 1] !== '(') {
    negated = !negated;
    start++;
  }
  while (pattern.startsWith('./', start)) start += 2;
  const parser = new Parser(pattern, start);
  const node = parser.sequence('');
  return { node, negated };
}

class Parser {
  private rangeItems = 0;
  private depth = 0;

  private at: number;

  constructor(
    private readonly text: string,
    /** Where the glob proper starts (after a leading `!` or `./`). */
    private readonly start: number,
  ) {
    this.at = start;
  }

  /** A sequence up to the end, or to one of `stops` (left unread). */
  sequence(stops: string): GlobNode {
    const items: GlobNode[] = [];
    const text = this.text;
    while (this.at < text.length && !stops.includes(text[this.at])) {
      const ch = text[this.at];
      const next = text[this.at + 1];
      if (ch === '\\') {
        items.push(literal(this.at + 1 < text.length ? text.charCodeAt(this.at + 1) : 92));
        this.at += 2;
      } else if (next === '(' && (ch === '@' || ch === '?' || ch === '*' || ch === '+' || ch === '!') && this.closingParen(this.at + 1) !== -1) {
        if (ch === '!') throw new GlobError('uses !(…), which this matcher does not support (it has no bounded-cost match); list the names wanted instead');
        this.at++;
        const group = this.group();
        items.push(ch === '@' ? group : { kind: 'repeat', node: group, min: ch === '+' ? 1 : 0, max: ch === '?' ? 1 : Infinity });
      } else if (ch === '(' && this.closingParen(this.at) !== -1) {
        items.push(this.group());
      } else if (ch === '*') {
        items.push(this.stars());
      } else if (ch === '?') {
        items.push({ kind: 'char', test: { kind: 'any', slash: false } });
        this.at++;
      } else if (ch === '[' || ch === '{') {
        // Not closed (or `{a}`): the character itself, as in picomatch.
        const group = ch === '[' ? this.characterClass() : this.braces();
        if (group) items.push(group);
        else items.push(literal(text.charCodeAt(this.at++)));
      } else if (ch === '/' && text.startsWith('/**', this.at) && this.endsGroupOrPattern(this.at + 3, stops)) {
        // "a/**" matches "a" itself too, as in picomatch.
        items.push(optional(seq(literal(SLASH), anyPath())));
        this.at += 3;
      } else {
        items.push(literal(text.charCodeAt(this.at)));
        this.at++;
      }
    }
    return items.length === 1 ? items[0] : seq(...items);
  }

  private endsGroupOrPattern(at: number, stops: string): boolean {
    return at >= this.text.length || stops.includes(this.text[at]);
  }

  /** A run of `*`: `**` alone in its segment is any path (`**\/` any leading directories); otherwise any name part. */
  private stars(): GlobNode {
    const text = this.text;
    let end = this.at;
    while (text[end] === '*') end++;
    const before = this.at === this.start ? '/' : text[this.at - 1];
    const after = end >= text.length ? '/' : text[end];
    const wholeSegment = end - this.at >= 2 && '/{,(|'.includes(before) && '/},)|'.includes(after);
    this.at = end;
    if (!wholeSegment) return star({ kind: 'char', test: { kind: 'any', slash: false } });
    if (text[end] === '/') {
      this.at++;
      return optional(seq(anyPath(), literal(SLASH)));
    }
    return anyPath();
  }

  /** The `)` closing the `(` at `open`, or -1 (then the `(` is a character). */
  private closingParen(open: number): number {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === '\\') i++;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return i;
    }
    return -1;
  }

  /** `(a|b)`, at its `(`. */
  private group(): GlobNode {
    this.enter();
    this.at++;
    const options = [this.sequence('|)')];
    while (this.text[this.at] === '|') {
      this.at++;
      options.push(this.sequence('|)'));
    }
    this.at++; // ")"
    this.depth--;
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private enter(): void {
    if (++this.depth > MAX_GLOB_NESTING) throw new GlobError(`nests groups more than ${MAX_GLOB_NESTING} deep`);
  }

  /**
   * `{a,b}` or `{1..3}` at its `{`; undefined when it is neither (`{a}`, an unclosed `{`), which
   * picomatch takes literally.
   */
  private braces(): GlobNode | undefined {
    const text = this.text;
    let depth = 0;
    let comma = false;
    let close = -1;
    for (let i = this.at; i < text.length && close === -1; i++) {
      const ch = text[i];
      if (ch === '\\') i++;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) close = i;
      else if (ch === ',' && depth === 1) comma = true;
    }
    if (close === -1) return undefined;
    if (!comma) {
      const range = this.range(text.slice(this.at + 1, close));
      if (!range) return undefined;
      this.at = close + 1;
      return range;
    }
    this.enter();
    this.at++;
    const options = [this.sequence(',}')];
    while (text[this.at] === ',') {
      this.at++;
      options.push(this.sequence(',}'));
    }
    this.at++; // "}"
    this.depth--;
    return { kind: 'alt', options };
  }

  /** `1..3`, `a..e`, `1..10..2`: the values as alternatives; undefined when not a range. */
  private range(body: string): GlobNode | undefined {
    const match = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
    if (!match) return undefined;
    const [, from, to, stepText] = match;
    const numeric = /\d/.test(from) && /\d/.test(to);
    if (!numeric && (/\d/.test(from) || /\d/.test(to))) return undefined;
    const a = numeric ? Number(from) : from.charCodeAt(0);
    const b = numeric ? Number(to) : to.charCodeAt(0);
    const step = Math.max(1, Math.abs(Number(stepText ?? 1)));
    const count = Math.floor(Math.abs(b - a) / step) + 1;
    if ((this.rangeItems += count) > MAX_RANGE_ITEMS) throw new GlobError(`has ranges of more than ${MAX_RANGE_ITEMS} values in all`);
    const options: GlobNode[] = [];
    for (let i = 0, value = a; i < count; i++, value += a <= b ? step : -step) {
      const word = numeric ? String(value) : String.fromCharCode(value);
      options.push(seq(...Array.from(word, (c) => literal(c.charCodeAt(0)))));
    }
    return { kind: 'alt', options };
  }

  /** `[…]` at its `[`; undefined when it is not closed (then `[` is a character). */
  private characterClass(): GlobNode | undefined {
    const text = this.text;
    let i = this.at + 1;
    const negated = text[i] === '!' || text[i] === '^';
    if (negated) i++;
    const ranges: [number, number][] = [];
    let first = true;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === ']' && !first) {
        this.at = i + 1;
        return { kind: 'char', test: { kind: 'class', negated, ranges } };
      }
      first = false;
      if (ch === '[' && text[i + 1] === ':') {
        const end = text.indexOf(':]', i + 2);
        const name = end === -1 ? undefined : text.slice(i + 2, end);
        if (name !== undefined && Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
          ranges.push(...POSIX_CLASSES[name]);
          i = end + 1;
          continue;
        }
      }
      let low = ch.charCodeAt(0);
      if (ch === '\\' && i + 1 < text.length) low = text.charCodeAt(++i);
      let high = low;
      if (text[i + 1] === '-' && i + 2 < text.length && text[i + 2] !== ']') {
        i += 2;
        high = text[i] === '\\' && i + 1 < text.length ? text.charCodeAt(++i) : text.charCodeAt(i);
      }
      ranges.push(low <= high ? [low, high] : [high, low]);
    }
    return undefined;
  }
}
