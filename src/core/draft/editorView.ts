import type { LifecycleAction } from '../providers/draftProfile';
import type { ProviderProfile } from '../providers/types';
import type { ResponseSummary, SendOutcome } from '../send/types';
import type { Change, PulledState } from './types';

/**
 * What the editor shows about a pulled state and the lifecycle calls: pure, so that the words
 * are unit-tested; src/vscode/draftController.ts only puts them on screen.
 */

/** The commands of the draft's life, and the lifecycle action each runs for a provider. */
export type LifecycleCommand = 'publish' | 'reopen' | 'cancel';

const ACTION_NAMES: Record<LifecycleCommand, readonly string[]> = {
  publish: ['publish', 'pending'],
  reopen: ['open'],
  cancel: ['cancelled', 'close'],
};

export function lifecycleActionFor(profile: ProviderProfile, command: LifecycleCommand): LifecycleAction | undefined {
  return profile.draft?.lifecycle.find((action) => ACTION_NAMES[command].includes(action.name));
}

/** The verb people see: Zigned's "pending" is "Finalise", Ignisign's "close" is "Cancel". */
export function lifecycleVerb(action: LifecycleAction): string {
  switch (action.name) {
    case 'pending':
      return 'Finalise';
    case 'open':
      return 'Reopen';
    case 'cancelled':
    case 'close':
      return 'Cancel';
    default:
      return 'Publish';
  }
}

/** What an action did, for a summary title: "Published", "Finalised", … */
export function lifecyclePastTense(action: LifecycleAction): string {
  return ({ Publish: 'Published', Finalise: 'Finalised', Reopen: 'Reopened', Cancel: 'Cancelled' } as Record<string, string>)[lifecycleVerb(action)];
}

/** Where a pulled state is kept: per provider, environment and target. */
export function pulledStateKey(providerId: string, environment: string, targetId: string): string {
  return JSON.stringify([providerId, environment, targetId]);
}

/** "14:05", the local time of a pull (the code lens and messages). */
export function pulledTime(pulled: Pick<PulledState, 'pulledAt'>): string {
  const at = new Date(pulled.pulledAt);
  if (Number.isNaN(at.getTime())) return pulled.pulledAt;
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The code lens beside Send Update: pull, or the state known and a refresh. */
export function pullLensTitle(pulled: PulledState | undefined): string {
  return pulled ? `State pulled ${pulledTime(pulled)} from ${pulled.environment} ↻` : '$(cloud-download) Pull Draft State';
}

/** The response view's summary of a pulled state: its status, where and when it was pulled, and whether it could be published. */
export function stateSummary(profile: ProviderProfile, pulled: PulledState, title?: string, now = new Date()): ResponseSummary {
  const draft = profile.draft!;
  const status = draft.statusOf(pulled.state) ?? '(not given)';
  const takesUpdates = draft.updatableStatuses.includes(status);
  const publish = draft.lifecycle.find((a) => a.publishes);
  const problems = draft.readiness(pulled.state, now);
  const publishable = publish !== undefined && publish.fromStatuses.includes(status);
  const readiness = !publishable ? `no: ${status} is not a status it is published from` : problems.length === 0 ? 'yes' : `no: ${problems.map((p) => p.message).join('; ')}`;
  // A draft that is not ready (or a refusal, which passes its own title) is shown as a warning, never with a green check.
  const warn = title !== undefined || (publishable && problems.length > 0);
  return {
    ...(warn ? { tone: 'warning' as const } : {}),
    title: title ?? `${capitalize(draft.stateLabel)} pulled from ${pulled.environment}: ${status}`,
    fields: [
      { label: 'Status', value: `${status}${takesUpdates ? ' (takes updates)' : ' (takes no updates)'}` },
      { label: 'Pulled', value: `${pulled.pulledAt} from ${pulled.environment}` },
      { label: publish ? `Ready to ${lifecycleVerb(publish).toLowerCase()}` : 'Ready to publish', value: readiness },
    ],
    drift: [],
  };
}

/** A lifecycle call's answer explained, followed by the state pulled right after it (when there is one). */
export function lifecycleSummary(profile: ProviderProfile, action: LifecycleAction, outcome: SendOutcome, refreshed: PulledState | undefined, options: { pulledAfter?: boolean } = {}): ResponseSummary {
  const what = profile.targetIdLabel.replace(/ id$/, '');
  const head = `${lifecyclePastTense(action)}: the ${what} ${outcome.request.targetId} (${outcome.request.method} → ${outcome.status})`;
  const fields = [{ label: 'Action', value: `${action.name}: ${action.description}` }];
  // The CLI does not pull after publishing: then no "State now" line at all.
  if (options.pulledAfter === false) return { title: head, fields, drift: [] };
  if (!refreshed) return { title: head, fields: [...fields, { label: 'State now', value: 'not pulled again (the pull failed; see the output)' }], drift: [] };
  const state = stateSummary(profile, refreshed);
  return { title: head, fields: [...fields, ...state.fields.map((f) => ({ label: `${f.label} now`, value: f.value }))], drift: [] };
}

/** The parts of the update semantics the preview relies on without documentation (docs/draft-lifecycle.md). */
export function unconfirmedSemantics(profile: ProviderProfile): string {
  if (profile.id.startsWith('zigned')) return 'issuer merge, communication fields, signing_order, theme id, the UTC day of expires_at';
  if (profile.id.startsWith('ignisign')) return "the context's signers/documents and new statements' _id are not modelled";
  return 'see docs/draft-lifecycle.md';
}

/** The diff editor's title. */
export function previewTitle(profile: ProviderProfile, fileLabel: string, pulled: PulledState): string {
  return `${fileLabel}: as pulled ${pulledTime(pulled)} from ${pulled.environment} ↔ after the update (unconfirmed: ${unconfirmedSemantics(profile)})`;
}

/** The refusal when the file holds changes the server does not have. */
export function unsentChangesMessage(fileLabel: string, changes: readonly Change[], verb: string): string {
  return `${fileLabel} holds ${changes.length} change(s) the server does not have yet (${pathList(changes)}): nothing was ${pastParticiple(verb)}. Send them first, or ${verb.toLowerCase()} after sending them.`;
}

/**
 * Why a lifecycle call after "send first" is refused: the API accepted the update (2xx) but the
 * state pulled again lacks some of the file's changes, so the call would rest on a state that is
 * not the one the file describes. `verb` as lifecycleVerb gives it ("Publish", "Finalise", …).
 */
export function updateNotAppliedMessage(fileLabel: string, stateLabel: string, sentStatus: number | null, missing: readonly Change[], verb: string): string {
  return `The API answered ${sentStatus ?? 'without a status'} to the update, but the ${stateLabel} pulled again does not hold ${missing.length} change(s) of ${fileLabel} (${pathList(missing)}): the update did not land, so nothing was ${pastParticiple(verb)}. Check the ${stateLabel} ("esign-drafts diff" or Preview Changes shows what is missing) before sending again.`;
}

function pathList(changes: readonly Change[]): string {
  return `${changes.slice(0, 5).map((c) => c.path || '(root)').join(', ')}${changes.length > 5 ? ', …' : ''}`;
}

function pastParticiple(verb: string): string {
  return verb === 'Publish' ? 'published' : verb === 'Finalise' ? 'finalised' : verb === 'Reopen' ? 'reopened' : 'cancelled';
}

/** The JSON shown on each side of the preview: keys sorted, so that a diff shows values, not orders. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
