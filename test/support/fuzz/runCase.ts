/** One fuzz case: build a mutated payload from a seed, run it through lint, fixes and body preparation. */
import { isDeepStrictEqual } from 'node:util';
import { ENGINE_RULES, lintText, type LintOptions, type LintResult } from '../../../src/core/lint/engine';
import type { SeveritySetting } from '../../../src/core/lint/types';
import { substituteVariables, VARIABLE_PATTERN } from '../../../src/core/payload/variables';
import type { ProviderProfile } from '../../../src/core/providers/types';
import { prepareBody, requestMetadata } from '../../../src/core/send/prepareBody';
import { checkFindings, checkFixes, describeError, InvariantError } from './invariants';
import { fromText, mutateText, mutateTree, randomStyle, serialize } from './mutations';
import { caseSeed, Prng } from './prng';
import { measureParsing } from './workMeter';
import type { FuzzProvider, Seed } from './seeds';

export interface FuzzEnvironment {
  repoRoot: string;
  seeds: readonly Seed[];
  profiles: Readonly<Record<FuzzProvider, ProviderProfile>>;
  now: Date;
}

export interface FuzzCase {
  index: number;
  seed: Seed;
  mutations: string[];
  text: string;
  prng: Prng;
}

/** The case `index` of the run seeded `runSeed`; the same inputs always give the same case. */
export function makeCase(env: FuzzEnvironment, runSeed: number, index: number): FuzzCase {
  const prng = new Prng(caseSeed(runSeed, index));
  const seed = prng.pick(env.seeds);
  const mutations: string[] = [];
  let text = seed.text;
  const treeMutations = prng.weighted([
    [2, 0],
    [4, 1],
    [3, 2],
    [1, 4],
  ]);
  const textMutations = prng.weighted([
    [4, 0],
    [4, 1],
    [2, 2],
    [1, 3],
  ]);
  if (treeMutations > 0) {
    const tree = fromText(text);
    if (tree) {
      const schema = env.profiles[seed.provider].updateSchema as { properties?: Record<string, unknown> };
      const knownProperties = Object.keys(schema.properties ?? {});
      for (let i = 0; i < treeMutations; i++) mutations.push(mutateTree(tree, { prng, knownProperties }));
      const style = randomStyle(prng);
      text = serialize(tree, style, prng);
      mutations.push(`style(${JSON.stringify(style)})`);
    }
  }
  for (let i = 0; i < textMutations; i++) {
    const [mutated, name] = mutateText(text, prng);
    text = mutated;
    mutations.push(name);
  }
  return { index, seed, mutations, text, prng };
}

/**
 * How many times one lint may hand the whole file to jsonc-parser, whatever the file holds: the
 * engine parses it once for ranges, and a few insertion fixes re-parse it (jsonc-parser's modify).
 * One re-parse per finding or per fix (the quadratic path that made wide files cost seconds)
 * breaks it on any file with more findings than this.
 */
export const MAX_PARSES_PER_LINT = 12;
/** Small files may be re-parsed a little more: a fix's formatting reads whole lines around it. */
const PARSE_ALLOWANCE = 4096;

/**
 * Runs every check on a case; throws an InvariantError (or whatever escaped) on failure.
 * Returns the most work one lint did, in parses of the whole file.
 */
export function runCase(env: FuzzEnvironment, c: FuzzCase): { parsesPerLint: number } {
  const { prng, text } = c;
  const own = env.profiles[c.seed.provider];
  const other = env.profiles[c.seed.provider === 'ignisign' ? 'zigned' : 'ignisign'];
  const variables = variablesFor(text, prng);
  const runs: { profile: ProviderProfile; options: LintOptions; fixes: boolean }[] = [
    { profile: own, options: { now: env.now, variables, severities: randomSeverities(prng, own) }, fixes: true },
    { profile: other, options: { now: env.now, severities: randomSeverities(prng, other) }, fixes: prng.chance(0.3) },
    { profile: own, options: { now: env.now }, fixes: false },
    { profile: other, options: { now: env.now, variables: {} }, fixes: false },
  ];
  // Large inputs (1 MB strings…) go through the same code as small ones: lint them once (with
  // their fixes), so that a case stays one or two passes over the file.
  const large = text.length > LARGE_INPUT;
  if (large) runs.splice(1);
  let first: LintResult | undefined;
  let parsesPerLint = 0;
  // Relinting after each fix is the costly part: fewer for files with many findings (each relint
  // re-finds them all), none for large ones (their fixes are still applied and checked).
  const budget = { relints: large ? 0 : 10 };
  for (const [i, run] of runs.entries()) {
    const where = `lint #${i} (${run.profile.id}${run.options.variables ? ', variables' : ''}${run.options.severities ? ', severities ' + JSON.stringify(run.options.severities) : ''})`;
    let result: LintResult;
    let characters: number;
    try {
      ({ result, characters } = measureParsing(() => lintText(text, run.profile, run.options)));
    } catch (error) {
      throw new InvariantError(`${where}: lint threw ${describeError(error)}`);
    }
    // Tiny files are measured against the allowance: 5 parses of a 1-character file is no defect.
    const parses = characters / Math.max(text.length, PARSE_ALLOWANCE);
    parsesPerLint = Math.max(parsesPerLint, parses);
    if (characters > MAX_PARSES_PER_LINT * text.length + PARSE_ALLOWANCE) {
      throw new InvariantError(
        `${where}: linting parsed ${characters} characters of a ${text.length}-character file (${(characters / Math.max(text.length, 1)).toFixed(1)} times; the bound is ${MAX_PARSES_PER_LINT}), with ${result!.findings.length} findings`,
      );
    }
    first ??= result;
    checkFindings(text, result, run.profile, run.options, env.repoRoot, where);
    if (result.findings.length > 100) budget.relints = Math.min(budget.relints, 2);
    if (run.fixes) checkFixes(text, result, run.profile, run.options, env.repoRoot, where, budget);
  }
  checkParsedValue(first!.parsed.value);

  checkPrepare(first!.parsed.value, variables, 'prepareBody(parsed value)', large);
  let native: unknown;
  let parses = true;
  try {
    native = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    parses = false;
  }
  if (parses) checkPrepare(native, variables, 'prepareBody(JSON.parse value)', large);
  return { parsesPerLint };
}

/** Variables for the names the text uses (some left out, so that some stay unresolved), odd values included. */
function variablesFor(text: string, prng: Prng): Record<string, string> {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE_PATTERN)) {
    names.add(match[1]);
    if (names.size >= 20) break;
  }
  const out: Record<string, string> = {};
  for (const name of names) {
    if (prng.chance(0.75)) out[name] = prng.pick(['value', '', '$&', '$1', '"quoted"', '\\', '\u0000', '{{name}}', '😀', '\ud800', '<x>', '2030-01-15T09:00:00Z']);
  }
  return out;
}

function randomSeverities(prng: Prng, profile: ProviderProfile): Record<string, SeveritySetting> | undefined {
  if (prng.chance(0.4)) return undefined;
  const ids = [...Object.keys(ENGINE_RULES), ...profile.rules.map((r) => r.id)];
  const out: Record<string, SeveritySetting> = {};
  for (let i = prng.int(1, 3); i > 0; i--) out[prng.pick(ids)] = prng.pick<SeveritySetting>(['off', 'info', 'warning', 'error']);
  return out;
}

const MAX_ORACLE_DEPTH = 200;
const LARGE_INPUT = 100_000;

/** The parsed value is plain data: no object with another prototype (a "__proto__" key must stay a key). */
function checkParsedValue(value: unknown): void {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const proto = Object.getPrototypeOf(v);
    // jsonc-parser builds objects without a prototype (null): "__proto__" stays an own key there too.
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      throw new InvariantError(`parsed value: an object has a foreign prototype (a "__proto__" key became a prototype): ${safeJson(v)}`);
    }
    if (depth > MAX_ORACLE_DEPTH) continue;
    for (const child of Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
}

function checkPrepare(value: unknown, variables: Record<string, string>, where: string, large: boolean): void {
  // On large inputs: once, and without the (costly) independent computation of the body.
  for (const vars of large ? [variables] : [variables, {}]) {
    let body: string;
    try {
      body = prepareBody(value, vars);
    } catch (error) {
      checkThrown(error, `${where}`);
      continue;
    }
    if (typeof body !== 'string') throw new InvariantError(`${where}: returned ${typeof body}, not a string`);
    let sent: unknown;
    try {
      sent = JSON.parse(body);
    } catch (error) {
      throw new InvariantError(`${where}: returned invalid JSON (${describeError(error)})`);
    }
    if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) throw new InvariantError(`${where}: the body is not a JSON object`);
    const dollar = Object.keys(sent).filter((k) => k.startsWith('$'));
    if (dollar.length > 0) throw new InvariantError(`${where}: the body keeps $ keys ${JSON.stringify(dollar)}`);
    if (large) continue;
    let expected: unknown;
    try {
      expected = expectedBody(value, vars);
    } catch (error) {
      throw new InvariantError(`${where}: sent a body although a variable has no value (${describeError(error)})`);
    }
    if (expected !== undefined && !isDeepStrictEqual(sent, expected)) {
      throw new InvariantError(`${where}: the body differs from the file's value minus $ keys.\n  sent:     ${safeJson(sent)}\n  expected: ${safeJson(expected)}`);
    }
  }
  for (const vars of [variables, undefined]) {
    try {
      const meta = requestMetadata(value, vars);
      if (typeof meta !== 'object' || meta === null) throw new InvariantError(`requestMetadata: returned ${String(meta)}`);
      for (const key of ['id', 'environment'] as const) {
        if (meta[key] !== undefined && typeof meta[key] !== 'string') throw new InvariantError(`requestMetadata: ${key} is ${typeof meta[key]}`);
      }
    } catch (error) {
      if (error instanceof InvariantError) throw error;
      checkThrown(error, 'requestMetadata');
    }
  }
}

/** What a send may throw: an Error that says what is wrong, not an engine failure. */
function checkThrown(error: unknown, where: string): void {
  if (!(error instanceof Error)) throw new InvariantError(`${where}: threw a non-Error ${String(error).slice(0, 200)}`);
  if (error instanceof RangeError || error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError) {
    throw new InvariantError(`${where}: threw ${describeError(error)}`);
  }
  if (!error.message || error.message.trim() === '') throw new InvariantError(`${where}: threw an Error without a message`);
}

/** What must be sent, computed another way; undefined when the value is too deep to compare (prepareBody refuses those). */
function expectedBody(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depthOf(value) > MAX_ORACLE_DEPTH) return undefined;
  const body = Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')));
  // JSON.parse and its reviver create own properties, "__proto__" included.
  return JSON.parse(JSON.stringify(body), (_key, v: unknown) => (typeof v === 'string' && v.includes('{{') ? substituteVariables(v, variables) : v));
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, depth + 1);
    if (max > MAX_ORACLE_DEPTH) return max;
    for (const child of Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  return max;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
  } catch (error) {
    return `(unprintable: ${(error as Error).message})`;
  }
}
