import type { ErrorObject } from 'ajv';
import { validateAgainst } from '../core/lint/schemaValidator';
import { childPointer } from '../core/payload/jsonPointer';
import type { ValidationProblem } from './errors';
import { isPlainObject } from './http';

/**
 * Validates an update body as the real API would see it: against the same schema the editor
 * uses, except that the file-metadata keys (`$schema`, `$request`, any `$…`) are unknown to the
 * API. A body that still carries one proves the client forgot to strip them.
 */
export function findUpdateBodyProblems(schema: Record<string, unknown>, body: unknown): ValidationProblem[] {
  if (!isPlainObject(body)) return [{ path: '', message: `must be a JSON object, got ${describeType(body)}` }];
  const problems: ValidationProblem[] = Object.keys(body)
    .filter((key) => key.startsWith('$'))
    .map((key) => ({ path: childPointer('', key), message: `unknown property "${key}" (keys starting with "$" are E-Sign Drafts file metadata and must not be sent)` }));
  const errors = validateAgainst(schema, body).filter((error) => !error.instancePath.startsWith('/$'));
  problems.push(...withoutFollowUps(collapseAlternatives(errors)).map(toProblem));
  return dedupe(problems);
}

/** A value of the wrong type also fails its enum, pattern, format…: the type error alone says it. */
function withoutFollowUps(errors: ErrorObject[]): ErrorObject[] {
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'type' || e.keyword === 'additionalProperties' || e.keyword === 'required' || !mistyped.has(e.instancePath));
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function toProblem(error: ErrorObject): ValidationProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: childPointer(error.instancePath, String(params.additionalProperty)), message: `unknown property "${String(params.additionalProperty)}"` };
    case 'not':
      // The schemas forbid response-only fields (status, _id, …) with `not: {}`: to the API they are simply unknown.
      return { path: error.instancePath, message: `unknown property "${lastSegment(error.instancePath)}"` };
    case 'required':
      return { path: childPointer(error.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'enum':
      return { path: error.instancePath, message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'format':
      return { path: error.instancePath, message: `must be a valid ${String(params.format)}` };
    case 'pattern':
      // Ignisign's dates are checked by isISO8601's expression (core text/iso8601.ts): say what it means.
      if ((error.parentSchema as Record<string, unknown> | undefined)?.['x-normalise'] === 'date-time') return { path: error.instancePath, message: 'must be an ISO-8601 date-time (validator.js isISO8601, as @IsDateString checks it)' };
      return { path: error.instancePath, message: error.message ?? 'does not match the expected pattern' };
    case 'type':
      return { path: error.instancePath, message: `must be ${String(params.type).replace(',', ' or ')}` };
    default:
      return { path: error.instancePath, message: error.message ?? `fails "${error.keyword}"` };
  }
}

function lastSegment(pointer: string): string {
  const segment = pointer.slice(pointer.lastIndexOf('/') + 1);
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Ajv reports a failed oneOf/anyOf together with every branch's errors. Keep the branch the value
 * was evidently meant for (the one with the fewest errors, none of them a type mismatch at the
 * value itself); when every branch fails on its type or only on formats, one summary instead.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (alternatives.length === 0) return errors;
  const dropped = new Set<ErrorObject>();
  const added: ErrorObject[] = [];
  for (const alt of alternatives) {
    dropped.add(alt);
    const prefix = alt.schemaPath.replace(/\/(oneOf|anyOf)$/, `/${alt.keyword}/`);
    const branchErrors = errors.filter((e) => e !== alt && e.schemaPath.startsWith(prefix));
    branchErrors.forEach((e) => dropped.add(e));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const candidates = [...byBranch.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath));
    const onlyFormats = branchErrors.length > 0 && branchErrors.every((e) => e.keyword === 'format' && e.instancePath === alt.instancePath);
    if (onlyFormats) {
      const formats = [...new Set(branchErrors.map((e) => String((e.params as Record<string, unknown>).format)))];
      added.push({ ...alt, keyword: 'format', params: { format: formats.join(' or ') } });
    } else if (candidates.length > 0) {
      candidates.sort((a, b) => a.length - b.length);
      added.push(...candidates[0]);
    } else if (!errors.some((e) => !dropped.has(e) && e.instancePath === alt.instancePath)) {
      // (A plain type error at the same place, from the property's own "type", already says it.)
      added.push({ ...alt, keyword: 'oneOf', message: 'does not have any of the accepted shapes' });
    }
  }
  return [...errors.filter((e) => !dropped.has(e)), ...added];
}

function dedupe(problems: ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line for an error message: "/title: must be string; /$request: unknown property …". */
export function summariseProblems(problems: ValidationProblem[]): string {
  return problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; ');
}
