/**
 * Dynamic variables, resolved when a payload is sent, in the spelling REST Client and httpYac
 * users know (https://github.com/Huachao/vscode-restclient#system-variables):
 *  - `{{$datetime iso8601}}`, `{{$datetime rfc1123}}`, with an offset: `{{$datetime iso8601 30 d}}`
 *    (units y, M, w, d, h, m, s, ms; negative offsets count back);
 *  - `{{$timestamp}}` (Unix seconds), with an offset as above;
 *  - `{{$processEnv NAME}}`: an environment variable of the process that sends;
 *  - `{{$dotenv NAME}}`: a value from the `.env` file beside the payload.
 * Dates are relative to "now", which `--now` / ESIGN_DRAFTS_NOW pin for reproducible CI, so a
 * committed payload says "30 days from now" instead of a date that will one day be past.
 */

/** `{{name}}`, or a dynamic `{{$name words…}}`: group 1 the name, group 2 the words (variables.ts uses it too). */
export const VARIABLE_SYNTAX = /\{\{\s*(\$?[A-Za-z_][\w.-]*)((?:[ \t]+[^\s{}]+)*)\s*\}\}/g;

export interface DynamicContext {
  now: Date;
  /** `$processEnv` values; absent: not known here (lint), left unresolved without a finding. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** `$dotenv` values (the `.env` beside the payload); absent: not known here. */
  dotenv?: Readonly<Record<string, string>>;
}

export type DynamicResult =
  /** The value the variable stands for. */
  | { ok: true; value: string }
  /** Written wrong: what is wrong and what is expected. */
  | { ok: false; problem: string }
  /** Well written, but its value is only known where the payload is sent (environment, .env). */
  | { ok: 'unknown' };

const UNITS: Record<string, (date: Date, n: number) => void> = {
  y: (d, n) => d.setUTCFullYear(d.getUTCFullYear() + n),
  M: (d, n) => d.setUTCMonth(d.getUTCMonth() + n),
  w: (d, n) => d.setUTCDate(d.getUTCDate() + 7 * n),
  d: (d, n) => d.setUTCDate(d.getUTCDate() + n),
  h: (d, n) => d.setTime(d.getTime() + n * 3_600_000),
  m: (d, n) => d.setTime(d.getTime() + n * 60_000),
  s: (d, n) => d.setTime(d.getTime() + n * 1000),
  ms: (d, n) => d.setTime(d.getTime() + n),
};
const UNIT_LIST = Object.keys(UNITS).join(', ');

export const DYNAMIC_NAMES = ['$datetime', '$timestamp', '$processEnv', '$dotenv'] as const;

/** Whether the value of a dynamic variable depends only on "now" (lint can compute it). */
export function isTimeVariable(name: string): boolean {
  return name === '$datetime' || name === '$timestamp';
}

/** Resolves one dynamic variable: `name` with its `$`, `args` the words after it. */
export function resolveDynamic(name: string, args: readonly string[], context: DynamicContext): DynamicResult {
  switch (name) {
    case '$datetime': {
      const [format, ...offset] = args;
      if (format !== 'iso8601' && format !== 'rfc1123') return { ok: false, problem: `{{$datetime}} takes a format, iso8601 or rfc1123, then an optional offset such as 30 d (got ${format === undefined ? 'nothing' : `"${format}"`})` };
      const date = shifted(context.now, offset, '$datetime');
      if (typeof date === 'string') return { ok: false, problem: date };
      return { ok: true, value: format === 'iso8601' ? date.toISOString() : date.toUTCString() };
    }
    case '$timestamp': {
      const date = shifted(context.now, args, '$timestamp');
      if (typeof date === 'string') return { ok: false, problem: date };
      return { ok: true, value: String(Math.floor(date.getTime() / 1000)) };
    }
    case '$processEnv':
    case '$dotenv': {
      if (args.length !== 1) return { ok: false, problem: `{{${name}}} takes one variable name, e.g. {{${name} SIGNER_ID}}` };
      const source = name === '$processEnv' ? context.processEnv : context.dotenv;
      if (!source) return { ok: 'unknown' };
      const value = source[args[0]];
      if (value === undefined) return { ok: false, problem: name === '$processEnv' ? `the environment variable ${args[0]} is not set` : `${args[0]} is not in the .env file beside the payload` };
      return { ok: true, value };
    }
    default:
      return { ok: false, problem: `{{${name}}} is not a dynamic variable; expected one of ${DYNAMIC_NAMES.map((n) => `{{${n}}}`).join(', ')}` };
  }
}

/** `now` moved by an offset written as "<integer> <unit>"; a string says what is wrong. */
function shifted(now: Date, offset: readonly string[], name: string): Date | string {
  const date = new Date(now.getTime());
  if (offset.length === 0) return date;
  const [amount, unit] = offset;
  if (offset.length !== 2 || !/^[+-]?\d{1,9}$/.test(amount) || !Object.prototype.hasOwnProperty.call(UNITS, unit)) {
    return `{{${name}}}'s offset is an integer and a unit (${UNIT_LIST}), e.g. 30 d or -2 h (got "${offset.join(' ')}")`;
  }
  UNITS[unit](date, Number(amount));
  return Number.isNaN(date.getTime()) ? `{{${name} … ${offset.join(' ')}}} is out of the range of dates` : date;
}

/** "Now" for lint and sends: ESIGN_DRAFTS_NOW (or --now) when set, as an ISO date; else the clock. */
export function pinnedNow(raw: string | undefined, what = 'ESIGN_DRAFTS_NOW'): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const date = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(date.getTime())) throw new Error(`${what} must be an ISO-8601 date such as 2026-01-31T12:00:00Z, got "${raw}".`);
  return date;
}

/**
 * A copy of a parsed body where every string made only of text and time variables
 * (`{{$datetime …}}`, `{{$timestamp …}}`) holds the value they stand for "now": what the date
 * rules judge. Strings with other variables, or a time variable written wrong, are left as they are.
 */
export function withTimeVariablesResolved(value: unknown, now: Date, depth = 0): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{$')) return value;
    let failed = false;
    const out = value.replace(VARIABLE_SYNTAX, (whole, name: string, rest: string) => {
      if (!isTimeVariable(name)) {
        failed = true;
        return whole;
      }
      const resolved = resolveDynamic(name, rest.trim() ? rest.trim().split(/[ \t]+/) : [], { now });
      if (resolved.ok !== true) failed = true;
      return resolved.ok === true ? resolved.value : whole;
    });
    return failed ? value : out;
  }
  // Bodies are at most 100 levels deep (the engine refuses deeper ones before rules run).
  if (typeof value !== 'object' || value === null || depth > 100) return value;
  if (Array.isArray(value)) return value.map((v) => withTimeVariablesResolved(v, now, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTimeVariablesResolved(v, now, depth + 1)]));
}
