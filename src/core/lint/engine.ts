import { MAX_NESTING_DEPTH } from '../payload/fileGuard';
import type { NestingProblem, ParsedPayload } from '../payload/parsePayload';
import { parsePayload, placeAtPointer, unparsedPayload } from '../payload/parsePayload';
import type { ProviderProfile } from '../providers/types';
import { describePath, typeOfJson, article, shorten } from './describe';
import { removeEdits, removeFix, setValueEdits, setValueFix } from './edits';
import { isApplicable, retitled } from './fixes';
import { resolveDynamic, withTimeVariablesResolved } from '../payload/dynamicVariables';
import { findDuplicateKeys, removeShadowedPropertyFix, DUPLICATE_KEY_RULE } from './rules/duplicateKey';
import { findPlaceholders, placeholderMessage, UNFILLED_PLACEHOLDER_RULE } from './rules/placeholder';
import { REQUEST_ID_FORMAT_RULE, requestIdReport } from './rules/requestId';
import { findVariableOccurrences, UNRESOLVED_VARIABLE_RULE } from './rules/unresolvedVariable';
import { schemaReports, SCHEMA_RULE } from './schemaFindings';
import { validateAgainstOwnSchema } from './schemaValidator';
import type { PulledState } from '../draft/types';
import type { Finding, Fix, PulledContext, Report, RequestMetadata, RuleContext, Severity, SeveritySetting } from './types';

export const SYNTAX_RULE = 'syntax';
/** The file is not a payload that can be linted at all (binary, not UTF-8, too large, nested too deep). */
export const FILE_RULE = 'file';
export const UNKNOWN_ENVIRONMENT_RULE = 'unknown-environment';

export interface LintOptions {
  /** Per-rule severity overrides (`esignDrafts.rules`): "off" drops the rule. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The chosen environment's variables; undefined skips the unresolved-variable check. */
  variables?: Readonly<Record<string, string>>;
  /**
   * The environments the checking side knows for this provider (the built-in local-sandbox, the
   * project config's, in the editor the user's settings'): a `$request.environment` naming
   * another is the unknown-environment finding. Undefined: not checked.
   */
  environments?: readonly string[];
  /** The moment past dates are measured against. */
  now?: Date;
  /**
   * The target's state as pulled (esign-drafts pull/diff/publish; later the editor): provider
   * rules then judge the state after the update. Without it they judge the body alone.
   */
  pulled?: PulledState;
}

export interface LintResult {
  parsed: ParsedPayload;
  findings: Finding[];
}

/** Rules the engine itself runs for every provider, with their default severities. */
export const ENGINE_RULES: Readonly<Record<string, { severity: Severity; description: string }>> = {
  [FILE_RULE]: { severity: 'error', description: 'The file is not a payload that can be checked: binary, not UTF-8, too large, or nested too deep.' },
  [SYNTAX_RULE]: { severity: 'error', description: 'The file is not valid JSON.' },
  [SCHEMA_RULE]: { severity: 'error', description: "A value does not match the API's schema (type, allowed values, format, length)." },
  'unknown-property': { severity: 'error', description: 'A property the API does not know, usually a typo.' },
  'response-only-field': { severity: 'error', description: 'A field the API returns but an update does not take.' },
  [DUPLICATE_KEY_RULE]: { severity: 'warning', description: 'The same key twice in one object: only the last one counts.' },
  [UNRESOLVED_VARIABLE_RULE]: { severity: 'error', description: 'A {{variable}} the chosen environment does not define; sending is blocked.' },
  [UNFILLED_PLACEHOLDER_RULE]: { severity: 'error', description: 'A <placeholder> value (from a template or quick fix) that still needs a real value.' },
  [REQUEST_ID_FORMAT_RULE]: { severity: 'error', description: "$request.id is not in the provider's id format (a warning when that format is only observed, not documented)." },
  [UNKNOWN_ENVIRONMENT_RULE]: { severity: 'error', description: '$request.environment names an environment that is not defined: the file cannot be sent there.' },
};

export function docsPathFor(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export function lintText(text: string, profile: ProviderProfile, options: LintOptions = {}): LintResult {
  return lintParsed(parsePayload(text), profile, options);
}

export function lintParsed(parsed: ParsedPayload, profile: ProviderProfile, options: LintOptions = {}): LintResult {
  const findings: Finding[] = [];
  const severities = options.severities ?? {};
  // Usually none is set: then no rule id is looked up in them (18 lookups of absent keys per lint).
  const turnedOff = options.severities !== undefined && Object.values(severities).includes('off');

  // What each rule's findings share, looked up once per rule rather than once per finding.
  // Past MAX_FINDINGS_PER_RULE findings of one rule, the rest are only counted (see finish).
  const tallies = new Map<string, RuleTally>();
  const tallyOf = (ruleId: string): RuleTally => {
    let tally = tallies.get(ruleId);
    if (!tally) {
      const setting = severities[ruleId];
      tally = {
        ruleId,
        off: setting === 'off',
        setting: setting === 'off' ? undefined : setting,
        defaultSeverity: ENGINE_RULES[ruleId]?.severity ?? defaultSeverities(profile).get(ruleId) ?? 'error',
        docs: docsPathFor(ruleId),
        count: 0,
      };
      tallies.set(ruleId, tally);
    }
    return tally;
  };
  const add = (ruleId: string, report: Report) => addTo(tallyOf(ruleId), report);
  const addTo = (tally: RuleTally, report: Report) => {
    if (tally.off) return;
    if (++tally.count > MAX_FINDINGS_PER_RULE) {
      tally.firstUntold ??= report;
      return;
    }
    const { ruleId, docs } = tally;
    const span = report.span ?? placeAtPointer(parsed, report.path, report.target);
    const severity = tally.setting ?? report.severity ?? tally.defaultSeverity;
    const range = parsed.lines.rangeOf(span.offset, span.length);
    const { path } = report;
    const message = readable(report.message);
    const fixes = report.fixes;
    if (typeof fixes !== 'function') {
      findings.push({ ruleId, severity, message, path, offset: span.offset, length: span.length, range, docs, fixes: fixes && fixes.length > 0 ? offered(fixes) : [] });
      return;
    }
    findings.push(new FindingWithLazyFixes(ruleId, severity, message, path, range, span.offset, span.length, docs, fixes));
  };

  if (parsed.tooDeep) {
    // Nothing else was parsed (see parsePayload): this one finding is the result.
    add(FILE_RULE, { path: '', span: { offset: parsed.tooDeep.offset, length: 1 }, message: nestingMessage(parsed.tooDeep) });
    return finish(findings);
  }

  for (const problem of parsed.syntaxErrors) {
    const fixes = problem.trailingComma ? [{ title: 'Remove the trailing comma', edits: [{ offset: problem.offset, length: 1, content: '' }], isPreferred: true }] : undefined;
    add(SYNTAX_RULE, { path: '', message: problem.message, span: { offset: problem.offset, length: problem.length }, fixes });
  }

  const value = parsed.value;
  if (value !== undefined && !isObject(value) && parsed.root) {
    add(SCHEMA_RULE, {
      path: '',
      span: { offset: parsed.root.offset, length: parsed.root.length },
      message: `The payload must be a JSON object with the fields to update ({ … }), not ${article(typeOfJson(value))}.`,
    });
  }
  if (!isObject(value)) return finish(findings);

  for (const duplicate of findDuplicateKeys(parsed)) {
    const key = duplicate.property.children?.[0];
    add(DUPLICATE_KEY_RULE, {
      path: duplicate.path,
      span: key ? { offset: key.offset, length: key.length } : undefined,
      message: `"${describePath(duplicate.path)}" appears more than once in the same object; only the last one is sent.`,
      fixes: () => [removeShadowedPropertyFix(parsed, duplicate.property, duplicate.index)],
    });
  }

  // By the schema's file name: a valid body never parses the schema (only the findings need it).
  const schemaErrors = validateAgainstOwnSchema(profile.schemaFile, () => profile.updateSchema, value);
  for (const { ruleId, report } of schemaErrors.length === 0 ? [] : schemaReports(parsed, profile.updateSchema, schemaErrors)) {
    add(ruleId, report);
  }

  const pinned = (value['$request'] as { environment?: unknown } | undefined)?.environment;
  if (options.environments && typeof pinned === 'string' && !options.environments.includes(pinned)) {
    add(UNKNOWN_ENVIRONMENT_RULE, {
      path: '/$request/environment',
      message: `Unknown environment "${pinned}" for ${profile.displayName}: the file cannot be sent there. Known: ${options.environments.join(', ')}. Define it in "environments" of esign-drafts.config.json (beside this file or in a folder above it: the editor and the CLI share it), or for yourself in the esignDrafts.environments setting.`,
    });
  }

  for (const use of findVariableOccurrences(parsed)) {
    if (!use.name.startsWith('$')) continue;
    // A dynamic variable is checked whatever the environment: its spelling, and its value where lint can know it.
    const resolved = resolveDynamic(use.name, use.args, { now: options.now ?? new Date() });
    if (resolved.ok === false) add(UNRESOLVED_VARIABLE_RULE, { path: use.path, span: { offset: use.offset, length: use.length }, message: `${resolved.problem[0].toUpperCase()}${resolved.problem.slice(1)}, so the update cannot be sent.` });
  }

  if (options.variables) {
    // Listed once, not once per occurrence.
    const known = Object.keys(options.variables);
    for (const use of findVariableOccurrences(parsed)) {
      if (use.name.startsWith('$') || Object.prototype.hasOwnProperty.call(options.variables, use.name)) continue;
      add(UNRESOLVED_VARIABLE_RULE, {
        path: use.path,
        span: { offset: use.offset, length: use.length },
        message: `Variable {{${use.name}}} is not defined in the chosen environment, so the update cannot be sent. ${known.length ? `Defined: ${known.join(', ')}.` : 'That environment defines no variables.'}`,
      });
    }
  }

  const requestId = severities[REQUEST_ID_FORMAT_RULE] === 'off' ? undefined : requestIdReport(profile, value['$request'], options.variables);
  if (requestId) add(REQUEST_ID_FORMAT_RULE, requestId);

  for (const { path, placeholder } of findPlaceholders(parsed)) {
    add(UNFILLED_PLACEHOLDER_RULE, { path, message: placeholderMessage(placeholder) });
  }

  // One context for all rules (this runs on every keystroke): `report` files under the current
  // rule, whose tally is made on its first report (most rules report nothing).
  let currentRuleId = '';
  let currentTally: RuleTally | undefined;
  const context = ruleContext(parsed, value, options, profile, (r: Report) => addTo((currentTally ??= tallyOf(currentRuleId)), r));
  for (const rule of profile.rules) {
    if (turnedOff && severities[rule.id] === 'off') continue;
    currentRuleId = rule.id;
    currentTally = undefined;
    rule.check(context);
  }
  return finish(findings);

  function finish(list: Finding[]): LintResult {
    for (const tally of tallies.values()) {
      const { ruleId, count, firstUntold } = tally;
      if (!firstUntold) continue;
      const untold = count - MAX_FINDINGS_PER_RULE;
      // Told as one more finding of the rule: counted afresh, so that it is listed.
      tally.count = 0;
      tally.firstUntold = undefined;
      addTo(tally, {
        ...firstUntold,
        fixes: [],
        message: `…and ${untold} more ${ruleId} findings like this one, not listed: only the first ${MAX_FINDINGS_PER_RULE} are. A payload has a few at most: is this the right file?`,
      });
    }
    if (!inOrder(list)) list.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
    return { parsed, findings: list };
  }
}

const defaultSeveritiesByProfile = new WeakMap<ProviderProfile, ReadonlyMap<string, Severity>>();

/** The default severity of each of a profile's rules, listed once per profile. */
function defaultSeverities(profile: ProviderProfile): ReadonlyMap<string, Severity> {
  let defaults = defaultSeveritiesByProfile.get(profile);
  if (!defaults) {
    // The first rule of an id counts, as a search through the list would find it.
    defaults = new Map([...profile.rules].reverse().map((rule) => [rule.id, rule.defaultSeverity]));
    defaultSeveritiesByProfile.set(profile, defaults);
  }
  return defaults;
}

/** Whether findings are already in the order finish sorts them in (often: one rule's reports come in file order). */
function inOrder(list: readonly Finding[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    if (a.offset > b.offset || (a.offset === b.offset && a.ruleId.localeCompare(b.ruleId) > 0)) return false;
  }
  return true;
}

/** A rule's findings in one lint: what they share, and how many there were. */
interface RuleTally {
  readonly ruleId: string;
  /** Turned off in the severities: its reports are dropped. */
  readonly off: boolean;
  /** The severity the user set for the rule, if any. */
  readonly setting: Severity | undefined;
  readonly defaultSeverity: Severity;
  readonly docs: string;
  count: number;
  /** The first report past MAX_FINDINGS_PER_RULE, which the count of the rest is attached to. */
  firstUntold?: Report;
}

/**
 * The fixes worth offering: a fix that would do nothing (no edits) is not; a lazy fix knows
 * that without computing its edits (see fixes.ts). A fix that runs a command (it writes another
 * file) has no edits by design and is kept.
 */
function offered(fixes: Fix[]): Fix[] {
  const list: Fix[] = [];
  for (const fix of fixes) if (isApplicable(fix)) list.push(fix.title.length > MAX_MESSAGE_LENGTH ? retitled(fix, readable(fix.title)) : fix);
  return list;
}

/**
 * A finding whose fixes are made (and sifted, see offered) when first read. A class, not a
 * literal with an accessor: V8 builds such literals through its runtime, a microsecond each,
 * which was most of the cost of 1 000 findings. Its fields are own properties as in any finding; `fixes` is an accessor on
 * the prototype (readers read `finding.fixes`, nothing copies findings with a spread).
 */
class FindingWithLazyFixes implements Finding {
  // Private fields: not enumerable, so the finding lists the fields of any other.
  #made: Fix[] | undefined;
  readonly #makeFixes: () => Fix[];

  constructor(
    public ruleId: string,
    public severity: Severity,
    public message: string,
    public path: string,
    public range: Finding['range'],
    public offset: number,
    public length: number,
    public docs: string,
    makeFixes: () => Fix[],
  ) {
    this.#makeFixes = makeFixes;
  }

  get fixes(): Fix[] {
    return (this.#made ??= offered(this.#makeFixes()));
  }

  set fixes(value: Fix[]) {
    this.#made = value;
  }

  /**
   * JSON.stringify sees own enumerable fields only: without this, a lazy finding would be written
   * without its fixes where any other has them (the lint-gate JSON of send/publish writes findings).
   */
  toJSON(): Finding {
    const { ruleId, severity, message, path, offset, length, range, docs, fixes } = this;
    return { ruleId, severity, message, path, offset, length, range, docs, fixes };
  }
}

/** More findings of one rule than this are counted in one last finding, not listed one by one. */
export const MAX_FINDINGS_PER_RULE = 1000;

/** Longer messages are unreadable in a Problems view; they only happen when a rule quotes a huge value. */
export const MAX_MESSAGE_LENGTH = 1000;

/**
 * Keeps messages readable whatever a rule quoted: a quoted run over 100 characters is cut, and a
 * message still too long keeps its start and its end (where the advice is).
 */
function readable(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const cut = message.replace(/"([^"]{100,})"/g, (_whole, inner: string) => `"${shorten(inner, 80)}"`);
  if (cut.length <= MAX_MESSAGE_LENGTH) return cut;
  let tail = cut.length - 299;
  if ((cut.charCodeAt(tail) & 0xfc00) === 0xdc00) tail++;
  return shorten(cut, MAX_MESSAGE_LENGTH - 300) + ' ' + cut.slice(tail);
}

function nestingMessage(problem: NestingProblem): string {
  return `Arrays and objects are nested ${problem.depth} levels deep here: the APIs take flat objects (a few levels at most), so a file nested deeper than ${MAX_NESTING_DEPTH} levels is not checked further. Is it the right file?`;
}

/**
 * The result for a file the guard refused (binary, not UTF-8, too large: see fileGuard): one
 * `file` finding at the start, and nothing parsed, so that such a file costs nothing to "lint".
 */
export function fileProblemResult(text: string, message: string, severities: Readonly<Record<string, SeveritySetting>> = {}): LintResult {
  const parsed = unparsedPayload(text);
  const setting = severities[FILE_RULE];
  if (setting === 'off') return { parsed, findings: [] };
  const start = { line: 0, character: 0 };
  const finding: Finding = {
    ruleId: FILE_RULE,
    severity: setting ?? ENGINE_RULES[FILE_RULE].severity,
    message,
    path: '',
    offset: 0,
    length: 0,
    range: { start, end: { ...start } },
    docs: docsPathFor(FILE_RULE),
    fixes: [],
  };
  return { parsed, findings: [finding] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value seen without its `$` keys, as a view rather than a copy: rules read a few fields,
 * and copying a body of 10 000 (unknown) keys on every keystroke cost more than all of them.
 * The value comes from JSON.parse, so a "__proto__" key is an own property, read as a key.
 */
function withoutMetadata(value: Record<string, unknown>): Record<string, unknown> {
  const hidden = (key: string | symbol) => typeof key === 'string' && key.startsWith('$');
  return new Proxy(value, {
    get: (target, key) => (hidden(key) || !Object.prototype.hasOwnProperty.call(target, key) ? undefined : target[key as string]),
    has: (target, key) => !hidden(key) && Object.prototype.hasOwnProperty.call(target, key),
    ownKeys: (target) => Reflect.ownKeys(target).filter((key) => !hidden(key)),
    getOwnPropertyDescriptor: (target, key) => (hidden(key) ? undefined : Reflect.getOwnPropertyDescriptor(target, key)),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

function ruleContext(parsed: ParsedPayload, value: Record<string, unknown>, options: LintOptions, profile: ProviderProfile, report: RuleContext['report']): RuleContext {
  const now = options.now ?? new Date();
  // Rules judge a `{{$datetime iso8601 30 d}}` as the date it will be: a payload that says "in 30 days" never rots.
  const body = parsed.text.includes('{{$') ? (withTimeVariablesResolved(withoutMetadata(value), now) as Record<string, unknown>) : withoutMetadata(value);
  const rawRequest = value['$request'];
  const request: RequestMetadata = {};
  if (isObject(rawRequest)) {
    if (typeof rawRequest.id === 'string') request.id = rawRequest.id;
    if (typeof rawRequest.environment === 'string') request.environment = rawRequest.environment;
  }
  return {
    parsed,
    body,
    request,
    now,
    variables: options.variables,
    pulled: options.pulled && profile.draft ? pulledContext(options.pulled, body, profile) : undefined,
    setValue: (path, v, placement) => setValueEdits(parsed.text, path, v, parsed.root, placement),
    remove: (path) => removeEdits(parsed.text, path, parsed.root),
    setValueFix: (title, path, v, isPreferred, fixOptions) => setValueFix(parsed.text, parsed.root, title, path, v, isPreferred, fixOptions),
    removeFix: (title, path, isPreferred) => removeFix(parsed.text, parsed.root, title, path, isPreferred),
    report,
  };
}

/** The pulled state and the state after this body (variables left as written: lint sees the file). */
function pulledContext(pulled: PulledState, body: Record<string, unknown>, profile: ProviderProfile): PulledContext {
  const draft = profile.draft!;
  const after = draft.applyUpdate(pulled.state, body);
  return {
    before: pulled.state,
    after,
    status: draft.statusOf(pulled.state),
    environment: pulled.environment,
    pulledAt: pulled.pulledAt,
    provenance: ` (relies on the state pulled at ${pulled.pulledAt} from ${pulled.environment}${pulled.targetId ? ` for ${profile.targetIdLabel} ${pulled.targetId}` : ''})`,
  };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
