import { lintParsed, type LintOptions } from '../lint/engine';
import type { Finding } from '../lint/types';
import type { ParsedPayload } from '../payload/parsePayload';
import type { LifecycleAction } from '../providers/draftProfile';
import type { ProviderProfile } from '../providers/types';
import { baseUrlOf } from '../send/environments';
import { sendUpdate, type SendRequest } from '../send/sendUpdate';
import type { SendOutcome } from '../send/types';
import { diffStates } from './diff';
import type { Change, PulledState } from './types';

/** A draft call's request: a send's, without the PUT body. */
export type DraftRequest = Omit<SendRequest, 'body' | 'call'>;

export interface PullResult {
  outcome: SendOutcome;
  /** Present when the API answered 2xx with a state. */
  pulled?: PulledState;
}

/**
 * GETs the target's current state, with the send's environments, credentials, trust rules,
 * timeout and masking. A 2xx whose body is not a state is no usable answer (not ok, kind
 * "network"); the caller gets the outcome either way.
 */
export async function pullState(request: DraftRequest): Promise<PullResult> {
  const draft = request.profile.draft;
  if (!draft) return { outcome: unsupported(request) };
  const url = draft.stateUrl(baseUrlOf(request.profile, request.environment), request.targetId);
  const outcome = await sendUpdate({ ...request, body: '', call: { method: 'GET', url } });
  if (!outcome.ok || !outcome.exchange) return { outcome };
  const state = draft.stateOf(outcome.exchange.body);
  if (!state) {
    return {
      outcome: {
        ...outcome,
        ok: false,
        error: { kind: 'network', message: `The API answered ${outcome.status} but not with ${article(draft.stateLabel)} ${draft.stateLabel}: no usable state.`, hint: 'Check that the environment\'s base URL points at the API.' },
      },
    };
  }
  return { outcome, pulled: { state, environment: request.environment.name, pulledAt: outcome.startedAt, targetId: request.targetId } };
}

/** What sending `body` would change in the pulled state (empty when nothing). */
export function changesOf(profile: ProviderProfile, pulled: PulledState, body: Record<string, unknown>): Change[] {
  if (!profile.draft) return [];
  return diffStates(pulled.state, profile.draft.applyUpdate(pulled.state, body));
}

export function lifecycleAction(profile: ProviderProfile, name: string): LifecycleAction | undefined {
  return profile.draft?.lifecycle.find((action) => action.name === name);
}

/** The action that publishes (Ignisign publish, Zigned pending). */
export function publishAction(profile: ProviderProfile): LifecycleAction | undefined {
  return profile.draft?.lifecycle.find((action) => action.publishes);
}

/**
 * A lifecycle call, after its own checks: the input's shape, the status it is accepted from
 * (per the pulled state), and for publishing the publish-readiness gate (publishGate). Nothing is
 * posted when a check fails: the outcome says which, kind "usage" (input, status) or "lint".
 */
export async function runLifecycle(request: DraftRequest, action: LifecycleAction, pulled: PulledState, input?: unknown, now = new Date()): Promise<SendOutcome> {
  const draft = request.profile.draft!;
  const call = action.call(baseUrlOf(request.profile, request.environment), request.targetId, input);
  const refuse = (kind: 'usage' | 'lint', message: string): SendOutcome => {
    const refused = unsupported(request);
    return { ...refused, request: { ...refused.request, method: call.method, url: call.url, body: call.body ?? '' }, error: { kind, message } };
  };
  const what = request.profile.targetIdLabel.replace(/ id$/, '');
  const provenance = `pulled at ${pulled.pulledAt} from ${pulled.environment}`;
  const problem = action.validateInput(input);
  if (problem) return refuse('usage', problem);
  const status = draft.statusOf(pulled.state);
  if (status !== undefined && !action.fromStatuses.includes(status)) {
    return refuse('usage', `The ${what} is ${status} (${provenance}): "${action.name}" is accepted only from ${action.fromStatuses.join(', ')}.`);
  }
  if (action.publishes) {
    // The publish-readiness checks on the state itself (the CLI's gate also lints the file against it).
    const unready = draft.readiness(pulled.state, now);
    if (unready.length > 0) return refuse('lint', `The ${what} is not ready to publish (${provenance}): ${unready.map((p) => p.message + (p.code ? ` (${p.code})` : '')).join('; ')}. Nothing was posted.`);
  }
  return sendUpdate({ ...request, body: '', call });
}

/**
 * The publish gate: the file linted against the pulled state with its readiness rules as errors
 * (whatever their configured severity: publishing is what they are about). The findings that block.
 */
export function publishGate(parsed: ParsedPayload, profile: ProviderProfile, pulled: PulledState, options: Omit<LintOptions, 'pulled'> = {}): Finding[] {
  const ids = profile.draft?.readinessRuleIds ?? [];
  const severities = { ...options.severities, ...Object.fromEntries(ids.map((id) => [id, 'error' as const])) };
  return lintParsed(parsed, profile, { ...options, severities, pulled }).findings.filter((f) => ids.includes(f.ruleId) && f.severity === 'error');
}

function unsupported(request: DraftRequest): SendOutcome {
  return {
    ok: false,
    status: null,
    durationMs: 0,
    request: { method: 'GET', url: '', environment: request.environment.name, provider: request.profile.id, targetId: request.targetId, body: '' },
    error: { kind: 'usage', message: `${request.profile.displayName} has no draft calls (pull, diff, publish) in E-Sign Drafts yet.` },
    notes: [],
    startedAt: new Date().toISOString(),
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
