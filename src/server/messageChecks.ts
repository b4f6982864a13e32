import { MAX_NESTING_DEPTH } from '../core/payload/fileGuard';
import type { PulledStateParams } from './protocol';

/**
 * Shape checks for the parameters of every message the server handles. A client may send
 * anything: one `didOpen` whose text was a number, or a pulled state that was `5`, used to
 * throw inside an asynchronous lint and end the process (exit 1). Each check returns what is
 * wrong, in words for the log or the error answer, or undefined when the parameters are usable.
 */
export type Check = (params: unknown) => string | undefined;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNatural(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && isNatural(value.line) && isNatural(value.character);
}

function isRange(value: unknown): boolean {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

/** A check of one field of the parameters object. */
type FieldCheck = [name: string, test: (value: unknown) => boolean, expected: string];

function fields(...checks: FieldCheck[]): Check {
  return (params) => {
    if (!isRecord(params)) return 'the parameters are not an object';
    for (const [name, test, expected] of checks) {
      const value = name.split('.').reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), params);
      if (!test(value)) return `"${name}" is not ${expected}`;
    }
    return undefined;
  };
}

const string = (value: unknown) => typeof value === 'string';
const integer = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value);
const URI: FieldCheck = ['textDocument.uri', string, 'a string'];

/** textDocument/didOpen: the document's uri, language, version and whole text. */
export const checkDidOpen = fields(URI, ['textDocument.languageId', string, 'a string'], ['textDocument.version', integer, 'an integer'], ['textDocument.text', string, 'a string']);

/** textDocument/didChange: a version and a list of changes, each a whole text or a range and its text. */
export const checkDidChange: Check = (params) => {
  const problem = fields(URI, ['textDocument.version', integer, 'an integer'], ['contentChanges', Array.isArray, 'an array'])(params);
  if (problem) return problem;
  const changes = (params as { contentChanges: unknown[] }).contentChanges;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!isRecord(change) || typeof change.text !== 'string') return `"contentChanges[${i}].text" is not a string`;
    if (change.range !== undefined && !isRange(change.range)) return `"contentChanges[${i}].range" is not a range of natural line and character numbers`;
  }
  return undefined;
};

/** didClose, didSave, willSave, and the requests about one document: its uri. */
export const checkTextDocument = fields(URI);

/** Requests at one position: hover, completion. */
export const checkPosition = fields(URI, ['position', isPosition, 'a position of natural line and character numbers']);

export const checkFormatting = fields(URI, ['options', isRecord, 'an object']);

export const checkRangeFormatting = fields(URI, ['range', isRange, 'a range of natural line and character numbers'], ['options', isRecord, 'an object']);

export const checkSelectionRanges = fields(URI, ['positions', (value) => Array.isArray(value) && value.every(isPosition), 'an array of positions']);

export const checkCodeAction: Check = (params) =>
  fields(URI, ['range', isRange, 'a range of natural line and character numbers'], ['context', isRecord, 'an object'], ['context.diagnostics', Array.isArray, 'an array'])(params) ??
  (() => {
    const only = (params as { context: { only?: unknown } }).context.only;
    return only === undefined || (Array.isArray(only) && only.every(string)) ? undefined : '"context.only" is not an array of strings';
  })();

/** workspace/didChangeWorkspaceFolders: the folders added and removed, each with its uri. */
export const checkWorkspaceFoldersChange = fields(
  ['event.added', (value) => Array.isArray(value) && value.every((f) => isRecord(f) && typeof f.uri === 'string'), 'an array of folders with a uri'],
  ['event.removed', (value) => Array.isArray(value) && value.every((f) => isRecord(f) && typeof f.uri === 'string'), 'an array of folders with a uri'],
);

/** esignDrafts/findings. */
export const checkFindings = fields(['uri', string, 'a string'], ['version', integer, 'an integer']);

/**
 * esignDrafts/pulledState: `pulled` is null (no state known) or a state object with the
 * environment's name and the time of the pull, nested no deeper than a payload may be (the
 * state-aware rules walk it as they walk a payload).
 */
export const checkPulledState: Check = (params) => {
  const problem = fields(['uri', string, 'a string'])(params);
  if (problem) return problem;
  const pulled = (params as { pulled?: unknown }).pulled;
  if (pulled === null) return undefined;
  if (!isRecord(pulled)) return '"pulled" is neither null nor an object';
  if (!isRecord(pulled.state)) return '"pulled.state" is not an object';
  if (typeof pulled.environment !== 'string') return '"pulled.environment" is not a string';
  if (typeof pulled.pulledAt !== 'string') return '"pulled.pulledAt" is not a string';
  if (pulled.targetId !== undefined && typeof pulled.targetId !== 'string') return '"pulled.targetId" is not a string';
  return nestingProblem(pulled.state);
};

/** The pulled state as the server keeps it (checked by checkPulledState). */
export type PulledState = NonNullable<PulledStateParams['pulled']>;

/** Whether a parsed value nests deeper than MAX_NESTING_DEPTH: walked with a stack of its own, not recursion. */
function nestingProblem(value: unknown): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [at, depth] = stack.pop()!;
    if (typeof at !== 'object' || at === null) continue;
    if (depth > MAX_NESTING_DEPTH) return `"pulled.state" nests deeper than ${MAX_NESTING_DEPTH} levels`;
    for (const child of Object.values(at)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** esignDrafts/variables, answered by the client: null, or names and string values. */
export function usableVariables(answer: unknown): Record<string, string> | undefined {
  if (!isRecord(answer)) return undefined;
  return Object.values(answer).every(string) ? (answer as Record<string, string>) : undefined;
}
