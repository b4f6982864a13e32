import path = require('node:path');
import readline = require('node:readline/promises');
import { hasErrors, lintParsed } from '../core/lint/engine';
import { inspectPayloadBytes } from '../core/payload/fileGuard';
import { readPayloadFileSync } from '../core/payload/readPayloadFile';
import { parsePayload } from '../core/payload/parsePayload';
import { detectProvider, payloadFileNames } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { envVarNames, LOCAL_SANDBOX } from '../core/send/environments';
import { prepareBody, requestMetadata, sendingContext } from '../core/send/prepareBody';
import { dotenvBeside } from '../core/payload/dotenv';
import type { DynamicContext } from '../core/payload/dynamicVariables';
import { nowOf } from './now';
import { sendUpdate } from '../core/send/sendUpdate';
import { TokenCache } from '../core/send/tokenCache';
import { approvedOriginOf } from '../core/send/trust';
import type { Credentials, EnvironmentConfig, ResponseSummary, SendOutcome } from '../core/send/types';
import { parseCommandArgs } from './args';
import { CliConfigs, lintConfigFor, pathForGlobs, type CliConfig } from './config';
import { UsageError } from './usageError';
import { EnvironmentChoice } from './environments';
import { withEnvFile } from './envFile';
import { useEnvironmentProxies } from './proxyAgents';
import type { CliIo } from './io';
import { jsonOutput, terminalField, terminalText } from './terminalText';
import { COMMAND_USAGE, type CommandName } from './usage';
import type { Finding, SeveritySetting } from '../core/lint/types';
import type { ParsedPayload } from '../core/payload/parsePayload';
import { globMatches } from './globMatches';
import { formatStylish } from './formatters/stylish';

/** Exit codes, as README.md (Command line) documents them. */
export const EXIT = { ok: 0, httpError: 1, usage: 2, noAnswer: 3, lint: 4 } as const;

/** `esign-drafts send <file> --env <name>`: the extension's send, from a terminal or CI. */
export async function runSend(args: string[], commandIo: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('send', {
    args,
    options: SEND_OPTIONS,
    allowPositionals: true,
  });
  const io = networkIo(commandIo, values.dotenv);
  const target = loadSendTarget('send', values, positionals, io);
  const { format, profile, parsed, environment, relative, variables } = target;
  const timeoutSeconds = target.timeoutSeconds;

  // The same lint gate as the extension: any error-severity finding blocks the send.
  const lint = lintParsed(parsed, profile, { severities: target.severities, variables, environments: target.environmentNames, now: target.dynamic.now });
  if (hasErrors(lint.findings)) return reportLintBlock(io, format, relative, profile, lint.findings, 'send');
  const { targetId, credentials } = resolveTarget(target, values.id, io);
  if (!(await confirmProduction(io, values.yes, environment, `Send to PRODUCTION environment "${environment.name}", ${profile.targetIdLabel} ${targetId}?`, `update ${profile.targetIdLabel} ${targetId}`))) return EXIT.usage;

  const outcome = await sendUpdate({
    profile,
    environment,
    credentials,
    targetId,
    body: prepareBody(parsed.value, variables, target.dynamic),
    tokens: new TokenCache(),
    approvedOrigins: approvedOrigins(values['allow-host'] ?? [], io.env.ESIGN_DRAFTS_ALLOWED_HOSTS),
    timeoutMs: timeoutSeconds * 1000,
    log: format === 'text' ? (line) => io.stderr(line) : undefined,
  });
  if (format === 'json') io.stdout(jsonOutput(JSON.stringify(jsonResult(outcome, undefined, undefined, profile), null, 2)));
  else io.stdout(textResult(outcome, profile));
  return exitCodeOf(outcome);
}

/** What every command that talks to the API needs, read and checked from its arguments (usage errors throw). */
export interface SendTarget {
  format: 'text' | 'json';
  file: string;
  relative: string;
  profile: ProviderProfile;
  parsed: ParsedPayload;
  config: CliConfig;
  /** The severities the file is linted with (its config, overrides and `$lint`), as `lint` uses them. */
  severities: Record<string, SeveritySetting>;
  /** The environments the file may name (`lint` judges `$request.environment` against them). */
  environmentNames: string[];
  /** What `{{$datetime}}`, `{{$processEnv}}` and `{{$dotenv}}` resolve against, "now" included. */
  dynamic: DynamicContext;
  environment: EnvironmentConfig;
  variables: Record<string, string>;
  sandboxPort: number;
  timeoutSeconds: number;
}

/** The options send, pull, diff and publish share (parseArgs config). */
export const SEND_OPTIONS = {
  env: { type: 'string', short: 'e' },
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f', default: 'text' },
  id: { type: 'string' },
  timeout: { type: 'string', default: '30' },
  'allow-host': { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y', default: false },
  now: { type: 'string' },
  dotenv: { type: 'string' },
} as const;

/**
 * The environment a command that talks to the API runs in: the process's variables over the
 * --dotenv file's, and the proxies they name (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) for its requests.
 */
export function networkIo(io: CliIo, dotenv: string | undefined): CliIo {
  const withFile = withEnvFile(io, dotenv);
  useEnvironmentProxies(withFile.env);
  return withFile;
}

export function loadSendTarget(command: CommandName, values: { env?: string; config?: string; format?: string; id?: string; timeout?: string; now?: string }, positionals: string[], io: CliIo): SendTarget {
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown --format "${format}": expected text or json.`);
  if (positionals.length !== 1) throw new UsageError(`Name exactly one payload file (got ${positionals.length}).`, COMMAND_USAGE[command]);
  const timeoutSeconds = Number(values.timeout ?? '30');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout takes a number of seconds, got "${values.timeout}".`);

  const file = path.resolve(io.cwd, positionals[0]);
  // Only a regular file, at most the size limit: a FIFO or a link to /dev/zero is refused at once (exit 2).
  const read = readPayloadFileSync(file, positionals[0]);
  if (!read.ok) throw new UsageError(read.problem === 'too-large' ? `${positionals[0]}: ${read.message}` : read.message);
  // A binary or non-UTF-8 file opened by mistake is unreadable input, said plainly (exit 2).
  const checked = inspectPayloadBytes(read.bytes);
  if (!checked.ok) throw new UsageError(`${positionals[0]}: ${checked.message}`);
  const text = checked.text;
  const config = new CliConfigs(values.config, io.cwd).forFile(file);
  const relative = path.relative(io.cwd, file).split(path.sep).join('/');
  const profile = detectProvider(file, text, (pattern) => globMatches(pattern, pathForGlobs(file, config), file), config.files);
  if (!profile) throw new UsageError(`${positionals[0]} is not a payload file: name it ${payloadFileNames()} (or give it a "$schema", or map it in esign-drafts.config.json "files").`);

  const parsed = parsePayload(text);
  const choice = new EnvironmentChoice(config, io.env);
  let environmentName = values.env ?? requestMetadata(parsed.value, undefined).environment;
  if (!environmentName) {
    // As the editor does: the file's environment, else the built-in sandbox; said in one line (stderr, so JSON output stays clean).
    environmentName = LOCAL_SANDBOX;
    io.stderr(`No --env and no "$request.environment" in ${relative}: using ${LOCAL_SANDBOX} (port ${choice.sandboxPort}). Other environments: --env <name>.`);
  }
  const environment = choice.named(profile, environmentName);
  const variables = environment.variables ?? {};
  const { severities } = lintConfigFor(profile, file, parsed.value, config);
  const dynamic = sendingContext(nowOf(values.now, io.env), io.env, () => dotenvBeside(file));
  return { format, file, relative, profile, parsed, config, severities, dynamic, environmentNames: choice.for(profile).map((e) => e.name), environment, variables, sandboxPort: choice.sandboxPort, timeoutSeconds };
}

/** The target id and the credentials (after the lint gate, as before: lint errors are told first). */
export function resolveTarget(target: SendTarget, id: string | undefined, io: CliIo): { targetId: string; credentials: Credentials } {
  const { profile, parsed, variables, environment } = target;
  const targetId = id ?? requestMetadata(parsed.value, variables).id;
  if (!targetId) throw new UsageError(`No target: set "$request": { "id": "<${profile.targetIdLabel}>" } in the file, or pass --id.`);
  return { targetId, credentials: credentialsFor(profile, environment, target.sandboxPort, io.env) };
}

/** Prints what blocked a command at its lint gate (json: the result object with the diagnostics). */
export function reportLintBlock(io: CliIo, format: 'text' | 'json', relative: string, profile: ProviderProfile, findings: Finding[], what: string, why?: string): number {
  const errors = findings.filter((f) => f.severity === 'error');
  const message = why ?? `${errors.length} lint error(s) blocked the ${what}.`;
  if (format === 'json') io.stdout(jsonOutput(JSON.stringify(jsonResult(undefined, { kind: 'lint', message }, findings), null, 2)));
  else io.stderr(`${formatStylish([{ file: relative, provider: profile, findings: errors }])}\nNot sent: ${why ?? `lint errors block the ${what} (fix them, or change their severity in esign-drafts.config.json "rules").`}`);
  return EXIT.lint;
}

/** A production environment asks first (or takes --yes); false when the user declined. */
export async function confirmProduction(io: CliIo, yes: boolean | undefined, environment: EnvironmentConfig, question: string, action: string): Promise<boolean> {
  if (!environment.production || yes) return true;
  if (!io.isTty) throw new UsageError(`"${environment.name}" is a production environment: confirm with --yes to ${action}.`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  if (/^y(es)?$/i.test(answer.trim())) return true;
  io.stderr('Not sent.');
  return false;
}

/** The exit code for an outcome (README.md, Command line). */
export function exitCodeOf(outcome: SendOutcome): number {
  if (outcome.ok) return EXIT.ok;
  const kind = outcome.error?.kind;
  if (kind === 'usage') return EXIT.usage;
  if (kind === 'lint') return EXIT.lint;
  // An error status is 1; a refusal of the (renewed) token is "no usable answer" even though the API answered it.
  if (outcome.exchange && (kind === undefined || kind === 'http')) return EXIT.httpError;
  return EXIT.noAnswer;
}

/** Secrets from environment variables; `local-sandbox` uses the sandbox's own fake ones. */
export function credentialsFor(profile: ProviderProfile, environment: EnvironmentConfig, sandboxPort: number, env: NodeJS.ProcessEnv): Credentials {
  if (environment.name === LOCAL_SANDBOX && environment.origin === 'builtin') return profile.send.localSandbox(sandboxPort).credentials;
  const credentials: Credentials = {};
  const missing: string[] = [];
  for (const field of profile.send.credentialFields) {
    const names = envVarNames(field.envVar, environment.name);
    const value = names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
    if (value) credentials[field.key] = value;
    else missing.push(names.join(' or '));
  }
  if (missing.length) throw new UsageError(`No ${profile.displayName} credentials for "${environment.name}": set ${missing.join(', and ')}.`);
  // Ignisign v4: an app secret (not an skv2_… key) needs appId and appEnv; say so before any request.
  const problem = profile.send.credentialMode?.(credentials, environment).problem;
  if (problem) throw new UsageError(`${profile.displayName} environment "${environment.name}": the secret is not an skv2_… API key, so it is used as an app secret, and ${problem}. Add them to the environment in the config file, or use an skv2_… API key.`);
  return credentials;
}

/**
 * The origins approved with --allow-host and ESIGN_DRAFTS_ALLOWED_HOSTS (comma-separated), each
 * normalised to one exact origin (see approvedOriginOf: a bare host means https on port 443).
 */
export function approvedOrigins(hosts: string[], fromEnv: string | undefined): Set<string> {
  const origins = new Set<string>();
  const entries = [...hosts.map((h) => ({ h, from: '--allow-host' })), ...(fromEnv ? fromEnv.split(',') : []).map((h) => ({ h, from: 'ESIGN_DRAFTS_ALLOWED_HOSTS' }))];
  for (const { h, from } of entries) {
    if (!h.trim() && from === 'ESIGN_DRAFTS_ALLOWED_HOSTS') continue;
    const approved = approvedOriginOf(h);
    if ('problem' in approved) throw new UsageError(`${from}: ${approved.problem}.`);
    origins.add(approved.origin);
  }
  return origins;
}

/**
 * The `--format json` result. With an answer it carries the response's `summary` (what the text
 * output and the editor show: title, fields, the error explained) and `drift` (fields the
 * documented response does not have, or misses), so CI can act on them. `reading` replaces the
 * update's reading of the answer (a pull's state summary; a lifecycle answer, which has no drift
 * check: then `drift` is absent rather than an empty list that would claim a check).
 */
export function jsonResult(outcome: SendOutcome | undefined, error?: { kind: string; message: string }, diagnostics?: unknown[], profile?: ProviderProfile, reading?: { summary: ResponseSummary; drift?: ResponseSummary['drift'] }) {
  if (!outcome) return { ok: false, status: null, durationMs: 0, request: null, error, ...(diagnostics ? { diagnostics } : {}) };
  const body = outcome.exchange ? (outcome.exchange.body !== undefined ? outcome.exchange.body : outcome.exchange.bodyText || undefined) : undefined;
  const read = reading ?? (outcome.exchange && profile ? readingOf(profile.send.summarize(outcome.exchange)) : undefined);
  return {
    ok: outcome.ok,
    status: outcome.status,
    durationMs: outcome.durationMs,
    request: { method: outcome.request.method, url: outcome.request.url },
    ...(body !== undefined ? { body } : {}),
    // Only the first DEFAULT_MAX_BODY_BYTES of the body are kept: say so rather than pass the cut text off as the body.
    ...(outcome.exchange?.truncated ? { truncated: true } : {}),
    ...(notesOf(outcome).length ? { notes: notesOf(outcome) } : {}),
    ...(read ? { summary: summaryJson(read.summary) } : {}),
    ...(read?.drift ? { drift: read.drift } : {}),
    ...(outcome.ok ? {} : { error: { kind: outcome.error?.kind ?? 'http', message: errorMessage(outcome, profile) } }),
  };
}

/** An update's reading of an answer: its summary, and its drift findings. */
export function readingOf(summary: ResponseSummary): { summary: ResponseSummary; drift: ResponseSummary['drift'] } {
  return { summary, drift: summary.drift };
}

/** The summary as JSON: `{ title, fields: [{ label, value }], explanation?, tone? }` (drift is its own field). */
function summaryJson(summary: ResponseSummary) {
  return {
    title: summary.title,
    fields: summary.fields,
    ...(summary.explanation ? { explanation: summary.explanation } : {}),
    ...(summary.tone ? { tone: summary.tone } : {}),
  };
}

/** The send's notes, and why the body is text when it was kept unparsed (nested too deep). */
function notesOf(outcome: SendOutcome): string[] {
  const bodyNote = outcome.exchange?.bodyNote;
  return bodyNote ? [...outcome.notes, bodyNote] : outcome.notes;
}

/** What happened and what to try: the error and its hint, and for an error status the provider's explanation. */
function errorMessage(outcome: SendOutcome, profile: ProviderProfile | undefined): string {
  const explanation = outcome.exchange && (outcome.error?.kind ?? 'http') === 'http' ? profile?.send.summarize(outcome.exchange).explanation : undefined;
  return [outcome.error?.message, explanation?.meaning, explanation ? `What to change: ${explanation.whatToChange}` : undefined, outcome.error?.hint].filter(Boolean).join(' ');
}

/**
 * The outcome for people. Status text, summary fields and body come from the server: fields are
 * shown with every control character escaped (terminalField), the body keeps its line breaks.
 */
export function textResult(outcome: SendOutcome, profile: ProviderProfile): string {
  const f = terminalField;
  const lines = [`${outcome.request.method} ${f(outcome.request.url)} (${f(outcome.request.environment)})`];
  if (outcome.exchange) {
    const exchange = outcome.exchange;
    lines.push(`${exchange.status} ${f(exchange.statusText)} in ${exchange.timings.totalMs} ms, ${exchange.sizeBytes} bytes${exchange.truncated ? ' (cut)' : ''}`);
    const summary = profile.send.summarize(exchange);
    lines.push('', f(summary.title));
    for (const field of summary.fields) lines.push(`  ${f(field.label)}: ${f(String(field.value))}`);
    if (summary.explanation) {
      lines.push(`  ${f(summary.explanation.meaning)}`, `  What to change: ${f(summary.explanation.whatToChange)}`);
      for (const p of summary.explanation.paths) lines.push(`  Field: ${f(p)}`);
    }
    for (const drift of summary.drift) lines.push(`  API drift at ${f(drift.path)}: ${f(drift.message)}`);
    for (const note of notesOf(outcome)) lines.push(`  Note: ${f(note)}`);
    lines.push('', exchange.body !== undefined ? jsonOutput(JSON.stringify(exchange.body, null, 2)) : terminalText(exchange.bodyText));
    if (outcome.error && outcome.error.kind !== 'http') {
      lines.push('', `Failed (${outcome.error.kind}): ${f(outcome.error.message)}`);
      if (outcome.error.hint) lines.push(f(outcome.error.hint));
    }
  } else if (outcome.error) {
    lines.push(`Failed (${outcome.error.kind}): ${f(outcome.error.message)}`);
    if (outcome.error.hint) lines.push(f(outcome.error.hint));
  }
  return lines.join('\n');
}
