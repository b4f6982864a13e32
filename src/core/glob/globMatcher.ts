import { GlobError, parseGlob, type CharTest, type GlobNode } from './parseGlob';

export { GlobError, MAX_GLOB_LENGTH } from './parseGlob';

/**
 * Glob matching without backtracking, for every glob a user gives (esign-drafts.config.json
 * "files", command-line patterns, the `esignDrafts.files` setting).
 *
 * picomatch (like VS Code's own glob code) turns a glob into a JavaScript RegExp, and RegExps
 * backtrack: the glob `**\/` then `*a` 18 times then `*c.json`, tried against a
 * 60-character file name ran without end in `lint`, `send` and the language server. Here the
 * glob becomes a Thompson automaton (parseGlob.ts gives its tree, compile() its instructions)
 * that is run on a path by keeping the set of states it may be in, one character at a time: a
 * match costs at most (instructions × characters of the path) steps, whatever the glob. The
 * meaning is picomatch's for every glob that is not `!(…)` (test/unit/globMatcher.test.ts
 * compares them on a table).
 */
export interface GlobMatcher {
  /** Whether the whole path matches (`/`-separated). */
  matches(path: string): boolean;
  /**
   * Whether some path below this directory may match: false lets a directory walk skip it.
   * Always true for a negated glob.
   */
  mayMatchBelow(directory: string): boolean;
  /** The automaton's size: a match reads each state at most once per character. */
  readonly instructions: number;
  /** States visited by the last match (what bounds its cost): at most instructions × (path length + 1). */
  readonly lastSteps: number;
}

export interface GlobOptions {
  /** Whether `*`, `?` and `**` match names starting with a dot (picomatch's `dot`). */
  dot: boolean;
}

const enum Op {
  Char,
  Split,
  Match,
}

type Instruction = { op: Op.Char; test: CharTest; next: number } | { op: Op.Split; to: number[] } | { op: Op.Match };

const SLASH = 47;
const DOT = 46;

class Automaton implements GlobMatcher {
  /** Per instruction, the step that last added it (dedups the state set without clearing it). */
  private readonly marks: Int32Array;
  private step = 0;
  lastSteps = 0;

  constructor(
    private readonly program: Instruction[],
    private readonly negated: boolean,
    private readonly dot: boolean,
  ) {
    this.marks = new Int32Array(program.length);
  }

  get instructions(): number {
    return this.program.length;
  }

  matches(path: string): boolean {
    const states = this.run(path);
    return states.some((pc) => this.program[pc].op === Op.Match) !== this.negated;
  }

  mayMatchBelow(directory: string): boolean {
    if (this.negated) return true;
    return this.run(directory.endsWith('/') ? directory : `${directory}/`).length > 0;
  }

  /** The states after reading the whole input (empty once no state is left). */
  private run(input: string): number[] {
    this.lastSteps = 0;
    let states = this.closure([0]);
    for (let i = 0; i < input.length && states.length > 0; i++) {
      const code = input.charCodeAt(i);
      const segmentStart = i === 0 || input.charCodeAt(i - 1) === SLASH;
      const next: number[] = [];
      for (const pc of states) {
        const instruction = this.program[pc];
        if (instruction.op === Op.Char && this.accepts(instruction.test, code, segmentStart)) next.push(instruction.next);
      }
      states = this.closure(next);
    }
    return states;
  }

  /** The states reachable from these without reading a character: Char and Match instructions only, each once. */
  private closure(from: number[]): number[] {
    const step = ++this.step;
    const out: number[] = [];
    const stack = from.slice().reverse();
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (this.marks[pc] === step) continue;
      this.marks[pc] = step;
      this.lastSteps++;
      const instruction = this.program[pc];
      if (instruction.op === Op.Split) for (let k = instruction.to.length - 1; k >= 0; k--) stack.push(instruction.to[k]);
      else out.push(pc);
    }
    return out;
  }

  private accepts(test: CharTest, code: number, segmentStart: boolean): boolean {
    switch (test.kind) {
      case 'literal':
        return code === test.code;
      case 'any':
        if (code === SLASH && !test.slash) return false;
        return this.dot || !(segmentStart && code === DOT);
      case 'class': {
        if (code === SLASH) return false;
        const inside = test.ranges.some(([low, high]) => code >= low && code <= high);
        return inside !== test.negated;
      }
    }
  }
}

/** Thompson's construction: the instructions of a tree, ending in Match. */
function compile(root: GlobNode): Instruction[] {
  const program: Instruction[] = [];
  const emit = (node: GlobNode): void => {
    switch (node.kind) {
      case 'char':
        program.push({ op: Op.Char, test: node.test, next: program.length + 1 });
        return;
      case 'seq':
        for (const item of node.items) emit(item);
        return;
      case 'alt': {
        const split: Instruction = { op: Op.Split, to: [] };
        program.push(split);
        const exits: { op: Op.Split; to: number[] }[] = [];
        for (const option of node.options) {
          split.to.push(program.length);
          emit(option);
          const exit = { op: Op.Split as const, to: [] as number[] };
          program.push(exit);
          exits.push(exit);
        }
        for (const exit of exits) exit.to.push(program.length);
        return;
      }
      case 'repeat': {
        const loop = program.length;
        if (node.min === 1) {
          emit(node.node);
          program.push({ op: Op.Split, to: [loop, program.length + 1] });
          return;
        }
        const split = { op: Op.Split as const, to: [loop + 1] };
        program.push(split);
        emit(node.node);
        if (node.max === Infinity) program.push({ op: Op.Split, to: [loop] });
        split.to.push(program.length);
        return;
      }
    }
  };
  emit(root);
  program.push({ op: Op.Match });
  return program;
}

/** Compiled matchers, by options and glob: every lint asks every file about every glob. */
const cache = new Map<string, GlobMatcher>();
const CACHE_SIZE = 256;

/** A matcher for a glob; throws GlobError (with what is wrong, to be said with the glob) for one it refuses. */
export function globMatcher(pattern: string, options: GlobOptions): GlobMatcher {
  const key = `${options.dot ? 1 : 0}${pattern}`;
  let matcher = cache.get(key);
  if (!matcher) {
    const parsed = parseGlob(pattern);
    matcher = new Automaton(compile(parsed.node), parsed.negated, options.dot);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}

/** The problem with a glob, in words ("is 2000 characters long; the limit is 1024"), or undefined when it can be matched. */
export function globProblem(pattern: string): string | undefined {
  try {
    globMatcher(pattern, { dot: true });
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

/**
 * Whether a glob matches a path (dot files included), a glob the matcher refuses matching nothing:
 * what every "files" and "overrides" glob of settings and configs means. `onRefused` is told why.
 */
export function matchesGlob(pattern: string, path: string, onRefused: (pattern: string, problem: string) => void = () => undefined): boolean {
  try {
    return globMatcher(pattern, { dot: true }).matches(path);
  } catch (error) {
    if (!(error instanceof GlobError)) throw error;
    onRefused(pattern, error.message);
    return false;
  }
}
