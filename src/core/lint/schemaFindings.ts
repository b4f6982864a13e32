import type { ErrorObject } from 'ajv';
import type { ParsedPayload } from '../payload/parsePayload';
import { nodeAtPointer, propertiesNamed } from '../payload/parsePayload';
import { parsePointer, childPointer } from '../payload/jsonPointer';
import { hasVariables } from '../payload/variables';
import { isPlaceholder } from './rules/placeholder';
import { suggester, type Suggester } from '../text/suggest';
import { article, describePath, describeValue, shorten, typeOfJson } from './describe';
import { editPath, removeFix, setValueFix } from './edits';
import type { Fix, Report } from './types';

export const SCHEMA_RULE = 'schema';
export const UNKNOWN_PROPERTY_RULE = 'unknown-property';
export const RESPONSE_ONLY_RULE = 'response-only-field';

export interface RuleReport {
  ruleId: string;
  report: Report;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': 'an ISO-8601 date-time such as 2030-01-15T09:00:00Z',
  date: 'an ISO-8601 date such as 2030-01-15',
  email: 'an e-mail address such as jane@example.com',
  uri: 'an absolute URL such as https://example.com/done',
  url: 'an absolute URL such as https://example.com/done',
};


function responseOnlyFields(schema: Record<string, unknown>): Set<string> {
  const list = schema['x-responseOnlyFields'];
  return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
}

/** Property names a schema object accepts that a user may type (for "did you mean"). */
function suggestableProperties(objectSchema: any, responseOnly: Set<string>): string[] {
  const properties = objectSchema && typeof objectSchema.properties === 'object' ? objectSchema.properties : {};
  return Object.keys(properties).filter((name) => !responseOnly.has(name) && !properties[name]?.doNotSuggest && !name.startsWith('$'));
}

/**
 * The "did you mean" of each schema object, built once (its candidates listed, folded and
 * measured), not once per finding: a file with 1 000 unknown keys in one object has one
 * object schema. Keyed by the schema objects themselves, which live as long as the profile.
 */
const propertySuggesters = new WeakMap<object, { suggest: Suggester; list: string }>();
const enumSuggesters = new WeakMap<object, Suggester>();

function propertySuggester(objectSchema: any, responseOnly: Set<string>): { suggest: Suggester; list: string } {
  const key = objectSchema && typeof objectSchema === 'object' ? objectSchema : undefined;
  const cached = key && propertySuggesters.get(key);
  if (cached) return cached;
  const candidates = suggestableProperties(objectSchema, responseOnly);
  const made = { suggest: boundedSuggester(candidates), list: candidates.join(', ') };
  if (key) propertySuggesters.set(key, made);
  return made;
}

function enumSuggester(allowed: unknown[]): Suggester {
  const cached = enumSuggesters.get(allowed);
  if (cached) return cached;
  const made = boundedSuggester(allowed.filter((v): v is string => typeof v === 'string'));
  enumSuggesters.set(allowed, made);
  return made;
}

/**
 * Date.parse reads a date-time without a zone ("2030-01-15T09:00", "2030/01/15 09:00") in the
 * machine's local zone; the fix promises UTC, so such values are read as UTC wall-clock times.
 * (An ISO date alone, "2030-01-15", already parses as UTC midnight.)
 */
function parseAsUtc(value: string): number | undefined {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /(Z|[+-]\d{2}:?\d{2}|GMT|UTC)$/i.test(value.trim())) return time;
  const local = new Date(time);
  return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds());
}

function normaliseDateFix(parsed: ParsedPayload, pointer: string, value: unknown, format: string): Fix[] {
  if (typeof value !== 'string') return [];
  const time = parseAsUtc(value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'));
  if (time === undefined) return [];
  const iso = new Date(time).toISOString();
  const normalised = format === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  if (normalised === value) return [];
  return [setValueFix(parsed.text, parsed.root, `Normalise to ISO-8601 UTC: ${normalised}`, editPath(parsed.root, pointer), normalised, true)];
}

/**
 * A suggester that skips inputs far longer than every candidate: no typo is that long, and the
 * edit distance of a 1 MB string costs seconds and gigabytes. The bound is exact: with a folded
 * input over 3 × the longest candidate (+ 6), the distance exceeds what closestMatch allows.
 */
function boundedSuggester(candidates: readonly string[]): Suggester {
  const longest = Math.max(0, ...candidates.map((c) => c.length));
  const suggest = suggester(candidates);
  return (input) => {
    if (input.length > 3 * longest + 6 && input.toLowerCase().replace(/[-_\s]/g, '').length > 3 * longest + 6) return undefined;
    return suggest(input);
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isUnder(schemaPath: string, prefix: string): boolean {
  return schemaPath.startsWith(prefix + '/');
}

/**
 * For oneOf/anyOf failures Ajv reports every branch's errors. We keep the branch the value
 * was evidently meant for (its type matched); failing that, one message listing the shapes.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (alternatives.length === 0) return errors;
  const dropped = new Set<ErrorObject>();
  for (const alt of alternatives) {
    if (dropped.has(alt)) continue;
    const branchErrors = errors.filter((e) => e !== alt && isUnder(e.schemaPath, alt.schemaPath));
    const branches = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const index = e.schemaPath.slice(alt.schemaPath.length + 1).split('/')[0];
      // (Appended in place: copying the list per error was quadratic, seconds for 20 000 errors.)
      const list = branches.get(index);
      if (list) list.push(e);
      else branches.set(index, [e]);
    }
    // A branch whose errors are not about the value's own type/shape at the alternative's path.
    const closest = [...branches.values()].find((list) =>
      list.every((e) => !(e.instancePath === alt.instancePath && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'format' || e.keyword === 'pattern'))),
    );
    for (const e of branchErrors) dropped.add(e);
    if (closest && !(alt.parentSchema as any)?.errorMessage) {
      dropped.add(alt);
      for (const e of closest) dropped.delete(e);
    }
  }
  return errors.filter((e) => !dropped.has(e));
}

/**
 * Past this many reports, the rest are counted, not described: a payload has a few problems at
 * most, and a JSON file with 100 000 unknown properties (opened by mistake) must not cost a
 * "did you mean" each on every keystroke.
 */
export const MAX_SCHEMA_REPORTS = 1000;

/** Turns Ajv errors into findings with messages that say what is wrong and what is expected. */
/** `rootName` names the document in messages ("Unknown property … in the update body"). */
export function schemaReports(parsed: ParsedPayload, schema: Record<string, unknown>, rawErrors: ErrorObject[], limit = MAX_SCHEMA_REPORTS, rootName = 'the update body'): RuleReport[] {
  if (rawErrors.length === 0) return [];
  let untold = 0;
  const responseOnly = responseOnlyFields(schema);
  const reports: RuleReport[] = [];
  const seen = new Set<string>();
  const errors = collapseAlternatives(rawErrors);
  // A value of the wrong type fails its enum/format/length checks too; the type is the one to tell.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of errors) {
    const pointer = error.instancePath;
    if (wrongType.has(pointer) && error.keyword !== 'type') continue;
    // A value built from {{variables}} is only known at send time; a <placeholder> is reported
    // once, by unfilled-placeholder, rather than also as a bad e-mail, id or enum value.
    if (hasVariables(error.data) || isPlaceholder(error.data)) continue;
    const key = `${error.keyword}|${pointer}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (reports.length >= limit) {
      untold++;
      continue;
    }
    const report = reportFor(parsed, error, responseOnly, rootName);
    if (report) reports.push(report);
  }
  if (untold > 0) {
    reports.push({
      ruleId: SCHEMA_RULE,
      report: {
        path: '',
        message: `…and ${untold} more schema problems, not listed: only the first ${limit} are. A payload has a few at most: is this the right file?`,
      },
    });
  }
  return reports;
}

function reportFor(parsed: ParsedPayload, error: ErrorObject, responseOnly: Set<string>, rootName: string): RuleReport | undefined {
  const pointer = error.instancePath;
  const name = describePath(pointer);
  const parentSchema = error.parentSchema as any;
  const params = error.params as any;
  const custom: string | undefined = parentSchema?.errorMessage;
  switch (error.keyword) {
    case 'additionalProperties': {
      const property: string = params.additionalProperty;
      const path = childPointer(pointer, property);
      const candidates = propertySuggester(parentSchema, responseOnly);
      const suggestion = candidates.suggest(property);
      // Made when the finding's fixes are read (see Report.fixes), not for every listed key.
      const fixes = (): Fix[] => {
        const list: Fix[] = [];
        // No rename onto a key the object already has: it would shadow that one (a duplicate key).
        const object = nodeAtPointer(parsed.root, pointer);
        if (suggestion && !(object?.type === 'object' && propertiesNamed(object, suggestion).length > 0)) {
          const keyNode = nodeAtPointer(parsed.root, path)?.parent?.children?.[0];
          if (keyNode) list.push({ title: `Rename "${shorten(property)}" to "${suggestion}"`, edits: [{ offset: keyNode.offset, length: keyNode.length, content: JSON.stringify(suggestion) }], isPreferred: true });
        }
        list.push(removeFix(parsed.text, parsed.root, `Remove "${shorten(property)}"`, editPath(parsed.root, path)));
        return list;
      };
      const where = pointer === '' ? rootName : `"${name}"`;
      const message = suggestion
        ? `Unknown property "${shorten(property)}" in ${where}: did you mean "${suggestion}"?`
        : `Unknown property "${shorten(property)}" in ${where}. Expected one of: ${candidates.list}.`;
      return { ruleId: UNKNOWN_PROPERTY_RULE, report: { path, message, target: 'key', fixes } };
    }
    case 'not': {
      const segments = parsePointer(pointer);
      if (segments.length === 1 && responseOnly.has(segments[0])) {
        const message = custom ?? `"${segments[0]}" is a response field: an update does not take it. Remove it.`;
        return {
          ruleId: RESPONSE_ONLY_RULE,
          report: { path: pointer, message, target: 'key', fixes: [removeFix(parsed.text, parsed.root, `Remove response-only field "${segments[0]}"`, editPath(parsed.root, pointer), true)] },
        };
      }
      return { ruleId: 'schema', report: { path: pointer, message: custom ?? `${name} has a value that is not allowed here.` } };
    }
    case 'required':
      return {
        ruleId: SCHEMA_RULE,
        report: { path: pointer, target: 'key', message: custom ?? `${name === 'the payload' ? 'The payload' : `"${name}"`} is missing the required property "${params.missingProperty}".` },
      };
    case 'type': {
      const expected = String(params.type).split(',').map((t) => article(t)).join(' or ');
      const actual = typeof error.data === 'number' && !Number.isFinite(error.data) ? describeValue(error.data) : `${article(typeOfJson(error.data))} (${describeValue(error.data)})`;
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: custom ?? `"${name}" must be ${expected}, not ${actual}.` } };
    }
    case 'enum': {
      const allowed: unknown[] = params.allowedValues ?? [];
      const suggestion = typeof error.data === 'string' ? enumSuggester(allowed)(error.data) : undefined;
      const fixes = suggestion ? (): Fix[] => [setValueFix(parsed.text, parsed.root, `Change to "${suggestion}"`, editPath(parsed.root, pointer), suggestion, true)] : [];
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      const message = suggestion
        ? `${capitalize(describeValue(error.data))} is not a valid value for "${name}": did you mean "${suggestion}"? Expected one of ${list}.`
        : `${capitalize(describeValue(error.data))} is not a valid value for "${name}". Expected one of ${list}.`;
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message, fixes } };
    }
    case 'const':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: custom ?? `"${name}" must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(error.data)}.` } };
    case 'format': {
      const format: string = params.format;
      const expected = FORMAT_EXAMPLES[format] ?? `a valid ${format}`;
      return {
        ruleId: SCHEMA_RULE,
        report: { path: pointer, message: custom ?? `"${name}" must be ${expected}; got ${describeValue(error.data)}.`, fixes: normaliseDateFix(parsed, pointer, error.data, format) },
      };
    }
    case 'pattern': {
      // A date checked by pattern (Ignisign's isISO8601, text/iso8601.ts) keeps the normalise fix a date-time format has.
      const normalise: unknown = parentSchema?.['x-normalise'];
      const fixes = normalise === 'date-time' || normalise === 'date' ? normaliseDateFix(parsed, pointer, error.data, normalise) : undefined;
      const message = parentSchema?.patternErrorMessage ?? custom ?? `"${name}" does not have the expected form (${params.pattern}); got ${describeValue(error.data)}.`;
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: normalise ? `${message} Got ${describeValue(error.data)}.` : message, fixes } };
    }
    case 'maxLength':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: `"${name}" is ${String(error.data).length} characters long; the API accepts at most ${params.limit}.` } };
    case 'minLength':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: params.limit === 1 ? `"${name}" must not be empty.` : `"${name}" must be at least ${params.limit} characters long.` } };
    case 'minItems':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, target: 'key', message: `"${name}" needs at least ${params.limit} item(s).` } };
    case 'maxItems':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, target: 'key', message: `"${name}" takes at most ${params.limit} item(s).` } };
    case 'oneOf':
    case 'anyOf':
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: custom ?? `"${name}" does not match any of the shapes the API accepts; got ${describeValue(error.data)}.` } };
    default:
      return { ruleId: SCHEMA_RULE, report: { path: pointer, message: custom ?? `"${name}" ${error.message ?? 'is not valid'}.` } };
  }
}
