import { changesOf, publishAction, publishGate, pullState, runLifecycle, type DraftRequest } from '../core/draft/draftCalls';
import { lifecycleSummary, stateSummary, updateNotAppliedMessage } from '../core/draft/editorView';
import type { Change, PulledState } from '../core/draft/types';
import { hasErrors, lintParsed } from '../core/lint/engine';
import { prepareBody, requestMetadata } from '../core/send/prepareBody';
import { sendUpdate } from '../core/send/sendUpdate';
import { TokenCache } from '../core/send/tokenCache';
import type { Credentials, ResponseSummary, SendOutcome } from '../core/send/types';
import { parseCommandArgs } from './args';
import { UsageError } from './usageError';
import type { CliIo } from './io';
import { approvedOrigins, confirmProduction, credentialsFor, EXIT, exitCodeOf, jsonResult, loadSendTarget, networkIo, reportLintBlock, resolveTarget, SEND_OPTIONS, textResult, type SendTarget } from './sendCommand';
import { jsonOutput, terminalField } from './terminalText';

/**
 * `esign-drafts pull | diff | publish`: the draft's life beyond the PUT (docs/draft-lifecycle.md),
 * with send's options, environments, credentials, trust rules and exit codes.
 */

const { yes: _yes, ...READ_OPTIONS } = SEND_OPTIONS;
const PUBLISH_OPTIONS = { ...SEND_OPTIONS, send: { type: 'boolean', default: false } } as const;
/** diff's own: --exit-code, as `git diff --exit-code` has it. */
const DIFF_OPTIONS = { ...READ_OPTIONS, 'exit-code': { type: 'boolean', default: false } } as const;

interface Prepared {
  target: SendTarget;
  request: DraftRequest;
}

function prepare(command: 'pull' | 'diff' | 'publish', values: { env?: string; config?: string; format?: string; id?: string; timeout?: string; 'allow-host'?: string[] }, positionals: string[], io: CliIo): Prepared {
  const target = loadSendTarget(command, values, positionals, io);
  if (!target.profile.draft) throw new UsageError(`${target.profile.displayName} has no ${command} in E-Sign Drafts yet.`);
  const { targetId, credentials } = resolveTarget(target, values.id, io);
  return { target, request: draftRequest(target, targetId, credentials, values['allow-host'] ?? [], io) };
}

function draftRequest(target: SendTarget, targetId: string, credentials: Credentials, allowHosts: string[], io: CliIo): DraftRequest {
  return {
    profile: target.profile,
    environment: target.environment,
    credentials,
    targetId,
    tokens: new TokenCache(),
    approvedOrigins: approvedOrigins(allowHosts, io.env.ESIGN_DRAFTS_ALLOWED_HOSTS),
    timeoutMs: target.timeoutSeconds * 1000,
    log: target.format === 'text' ? (line) => io.stderr(line) : undefined,
  };
}

/**
 * send's result object, with the state as `body` when there is one, and `extra` fields (diff's
 * `changes`). A pulled state's `summary` is the state's (status, where and when pulled, ready to
 * publish), its `drift` the answer's against the documented response; `reading` replaces both.
 */
function print(io: CliIo, target: SendTarget, outcome: SendOutcome, pulled: PulledState | undefined, extra: Record<string, unknown> = {}, text?: string, reading?: { summary: ResponseSummary; drift?: ResponseSummary['drift'] }): void {
  if (target.format === 'json') {
    const read = reading ?? (pulled && outcome.exchange ? { summary: stateSummary(target.profile, pulled), drift: target.profile.send.summarize(outcome.exchange).drift } : undefined);
    const result = { ...jsonResult(outcome, undefined, undefined, target.profile, read), ...(pulled ? { body: pulled.state } : {}), ...extra };
    io.stdout(jsonOutput(JSON.stringify(result, null, 2)));
  } else {
    io.stdout(text ?? textResult(outcome, target.profile));
  }
}

/** `esign-drafts pull <file> --env <name>`: the target's current state. */
export async function runPull(args: string[], commandIo: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('pull', { args, options: READ_OPTIONS, allowPositionals: true });
  const io = networkIo(commandIo, values.dotenv);
  const { target, request } = prepare('pull', values, positionals, io);
  const { outcome, pulled } = await pullState(request);
  print(io, target, outcome, pulled);
  return exitCodeOf(outcome);
}

/** The update the file holds, as it would be sent (no `$` keys, variables substituted). */
function updateBody(target: SendTarget): Record<string, unknown> {
  // The file must be what would be sent: valid JSON, every variable defined (else unreadable input, exit 2).
  if (target.parsed.syntaxErrors.length > 0) throw new UsageError(`${target.relative} is not valid JSON: ${target.parsed.syntaxErrors[0].message} (esign-drafts lint shows where).`);
  try {
    return JSON.parse(prepareBody(target.parsed.value, target.variables, target.dynamic)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${target.relative}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `esign-drafts diff <file> --env <name>`: what sending the file would change; only the GET is sent. */
export async function runDiff(args: string[], commandIo: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', { args, options: DIFF_OPTIONS, allowPositionals: true });
  const io = networkIo(commandIo, values.dotenv);
  const { target, request } = prepare('diff', values, positionals, io);
  const body = updateBody(target);
  const { outcome, pulled } = await pullState(request);
  if (!pulled) {
    print(io, target, outcome, undefined);
    return exitCodeOf(outcome);
  }
  const changes = changesOf(target.profile, pulled, body);
  print(io, target, outcome, pulled, { changes }, changesText(target, outcome, changes));
  // --exit-code: 1 when sending would change the state. An error status is 1 as well, which is
  // also git's meaning ("something differs or went wrong"); no answer stays 3, bad input 2.
  return values['exit-code'] && changes.length > 0 ? EXIT.httpError : EXIT.ok;
}

function changesText(target: SendTarget, outcome: SendOutcome, changes: Change[], what = `sending ${target.relative} would make`): string {
  const f = terminalField;
  const show = (value: unknown) => f(JSON.stringify(value) ?? 'undefined');
  const head = `${f(outcome.request.method)} ${f(outcome.request.url)} (${f(target.environment.name)}) → ${outcome.status}`;
  if (changes.length === 0) return `${head}\nNo changes: the server already has everything ${target.relative} sets.`;
  const lines = changes.map((c) => (c.op === 'add' ? `  + ${f(c.path)}: ${show(c.after)}` : c.op === 'remove' ? `  - ${f(c.path)}: ${show(c.before)}` : `  ~ ${f(c.path)}: ${show(c.before)} → ${show(c.after)}`));
  return `${head}\n${changes.length} change(s) ${what}:\n${lines.join('\n')}`;
}

/**
 * `esign-drafts publish <file> --env <name> [--send] [--yes]`: publishes the state on the
 * server (Ignisign publish, Zigned lifecycle pending) after the publish-readiness gate; unsent
 * changes in the file refuse (exit 4) unless --send sends them first.
 */
export async function runPublish(args: string[], commandIo: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('publish', { args, options: PUBLISH_OPTIONS, allowPositionals: true });
  const io = networkIo(commandIo, values.dotenv);
  const { target, request } = prepare('publish', values, positionals, io);
  const { profile, environment, format, relative, parsed, severities, variables } = target;
  const body = updateBody(target);
  const action = publishAction(profile)!;
  const lintOptions = { severities, variables, now: target.dynamic.now };
  if (!(await confirmProduction(io, values.yes, environment, `Publish in PRODUCTION environment "${environment.name}", ${profile.targetIdLabel} ${request.targetId}?`, `publish ${profile.targetIdLabel} ${request.targetId}`))) return EXIT.usage;

  let { outcome, pulled } = await pullState(request);
  if (!pulled) {
    print(io, target, outcome, undefined);
    return exitCodeOf(outcome);
  }
  const notes: string[] = [];
  {
    const changes = changesOf(profile, pulled, body);
    if (changes.length > 0 && !values.send) {
      const message = `${relative} holds ${changes.length} change(s) the server does not have yet (${changes.map((c) => c.path).join(', ')}): nothing was published. Send them first (esign-drafts send), or publish with --send to send and then publish.`;
      if (format === 'json') io.stdout(jsonOutput(JSON.stringify({ ...jsonResult(undefined, { kind: 'unsent-changes', message }), changes }, null, 2)));
      else io.stderr(`${changesText(target, outcome, changes)}\n\n${message}`);
      return EXIT.lint;
    }
    if (changes.length > 0) {
      // The send's own gate, judged against the state just pulled.
      const lint = lintParsed(parsed, profile, { ...lintOptions, pulled });
      if (hasErrors(lint.findings)) return reportLintBlock(io, format, relative, profile, lint.findings, 'send (and the publish)');
      const sent = await sendUpdate({ ...request, body: prepareBody(parsed.value, variables, target.dynamic) });
      if (!sent.ok) {
        print(io, target, sent, undefined);
        return exitCodeOf(sent);
      }
      notes.push(`Sent the update first: ${sent.request.method} ${sent.request.url} → ${sent.status}.`);
      ({ outcome, pulled } = await pullState(request));
      if (!pulled) {
        print(io, target, outcome, undefined);
        return exitCodeOf(outcome);
      }
      // A 2xx to the PUT is not proof that the update landed (a server may accept and ignore it):
      // publishing rests on the state just pulled, so that state must hold every change of the file.
      const missing = changesOf(profile, pulled, body);
      if (missing.length > 0) {
        const message = updateNotAppliedMessage(relative, profile.draft!.stateLabel, sent.status, missing, 'Publish');
        if (format === 'json') io.stdout(jsonOutput(JSON.stringify({ ...jsonResult(undefined, { kind: 'update-not-applied', message }), notes, changes: missing }, null, 2)));
        else io.stderr(`${notes.join('\n')}\n${changesText(target, outcome, missing, 'still missing on the server after the send')}\n\n${message}`);
        return EXIT.lint;
      }
    }
  }

  const blocking = publishGate(parsed, profile, pulled, lintOptions);
  if (blocking.length > 0) {
    return reportLintBlock(io, format, relative, profile, blocking, 'publish', `the ${profile.draft!.stateLabel} on the server is not ready to publish (${blocking.length} problem(s)); nothing was published.`);
  }
  const published = await runLifecycle(request, action, pulled);
  const withNotes = { ...published, notes: [...notes, ...published.notes] };
  // A lifecycle answer is not the update's (Ignisign answers publish with { signatureRequestId }): its own summary, no drift check.
  const reading = published.ok ? { summary: lifecycleSummary(profile, action, withNotes, undefined, { pulledAfter: false }) } : undefined;
  print(io, target, withNotes, undefined, {}, published.ok ? lifecycleText(withNotes, target) : undefined, reading);
  return exitCodeOf(published);
}

/**
 * A successful lifecycle answer for people. Not the update's summary: Ignisign answers publish
 * with { signatureRequestId } rather than the context, which the summary (and its drift check)
 * would misread as a context with every field missing.
 */
function lifecycleText(outcome: SendOutcome, target: SendTarget): string {
  const f = terminalField;
  const exchange = outcome.exchange!;
  const lines = [
    `${f(outcome.request.method)} ${f(outcome.request.url)} (${f(target.environment.name)})`,
    `${exchange.status} ${f(exchange.statusText)} in ${exchange.timings.totalMs} ms: published.`,
    ...outcome.notes.map((note) => `  Note: ${f(note)}`),
    '',
    exchange.body !== undefined ? jsonOutput(JSON.stringify(exchange.body, null, 2)) : f(exchange.bodyText),
  ];
  return lines.join('\n');
}

/**
 * `esign-drafts lint --env <name> --pull`: the state of each file's target (its `$request.id`),
 * pulled from that environment with the same credentials, trust rules and production question as
 * `pull`, for lint to judge the state after the update as the editor does. A file that names no
 * target is linted without a state (said once); a production environment needs --yes when there
 * is no terminal to ask in. `failed` counts the states that could not be pulled.
 */
export async function pullStatesForLint(files: string[], options: { env: string; config?: string; yes?: boolean; allowHosts: string[] }, io: CliIo): Promise<{ states: Map<string, PulledState>; failed: number }> {
  const states = new Map<string, PulledState>();
  let failed = 0;
  for (const file of files) {
    const target = loadSendTarget('pull', { env: options.env, config: options.config, format: 'text' }, [file], io);
    const label = target.relative;
    if (!target.profile.draft) continue;
    const targetId = requestMetadata(target.parsed.value, target.variables).id;
    if (!targetId) {
      io.stderr(`esign-drafts: ${label} names no target ("$request": { "id": … }): linted without a pulled state.`);
      continue;
    }
    const request = draftRequest(target, targetId, credentialsFor(target.profile, target.environment, target.sandboxPort, io.env), options.allowHosts, io);
    if (!(await confirmProduction(io, options.yes, target.environment, `Pull ${target.profile.targetIdLabel} ${targetId} from PRODUCTION environment "${target.environment.name}" to lint ${label}?`, `pull ${target.profile.targetIdLabel} ${targetId}`))) {
      throw new UsageError(`Not pulled from production environment "${target.environment.name}": pass --yes to let lint --pull read from it.`);
    }
    const { outcome, pulled } = await pullState(request);
    if (pulled) states.set(target.file, { ...pulled, targetId });
    else {
      failed++;
      io.stderr(`esign-drafts: could not pull the state of ${label} (${targetId}): ${outcome.error?.message ?? `the API answered ${outcome.status}`}. It is linted without one.`);
    }
  }
  return { states, failed };
}
