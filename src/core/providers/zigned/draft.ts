import { getOwn, setOwn } from '../../payload/ownProperty';
import { endOfUtcDay, parseIsoDate } from '../../text/dates';
import type { DraftProfile, LifecycleAction, ReadinessProblem } from '../draftProfile';

/**
 * Zigned v3 beyond the PUT (docs.zigned.se, agreements and lifecycle): the state is the agreement (`data` of the
 * `GET /agreements/:id` envelope); the lifecycle is `POST /agreements/:id/lifecycle` with
 * `{ "lifecycle_state": { "status": "pending" | "open" | "cancelled", … } }`.
 */

export const CANCELLATION_TYPES: readonly string[] = ['invalid_document', 'invalid_participant', 'invalid_email'];

function agreementUrl(baseUrl: string, targetId: string, action?: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/agreements/${encodeURIComponent(targetId)}${action ? `/${action}` : ''}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The documented cancel input (docs.zigned.se): `{ cancellation_type: invalid_document |
 * invalid_participant | invalid_email }`, or `{ cancellation_type: "custom", reason }` with a
 * reason of 10–255 characters.
 */
export function validateCancelInput(input: unknown): string | undefined {
  const expected = `expected { "cancellation_type": ${CANCELLATION_TYPES.map((t) => `"${t}"`).join(' | ')} } or { "cancellation_type": "custom", "reason": "<10–255 characters>" }`;
  if (!isObject(input)) return `Cancelling needs an input: ${expected}.`;
  const type = input.cancellation_type;
  if (type === 'custom') {
    const reason = input.reason;
    if (typeof reason !== 'string') return `A custom cancellation needs a "reason" string: ${expected}.`;
    const length = [...reason].length;
    if (length < 10 || length > 255) return `The cancellation reason is ${length} characters long: Zigned takes 10 to 255.`;
    return undefined;
  }
  if (typeof type !== 'string' || !CANCELLATION_TYPES.includes(type)) return `Unknown cancellation_type ${JSON.stringify(type)}: ${expected}.`;
  if (input.reason !== undefined) return `A "reason" goes only with cancellation_type "custom" (got "${type}").`;
  return undefined;
}

function lifecycleAction(name: 'pending' | 'open' | 'cancelled', description: string, fromStatuses: string[], publishes: boolean): LifecycleAction {
  return {
    name,
    description,
    publishes,
    fromStatuses,
    validateInput: name === 'cancelled' ? validateCancelInput : (input) => (input === undefined ? undefined : `Lifecycle "${name}" takes no input.`),
    call: (baseUrl, id, input) => ({
      method: 'POST',
      url: agreementUrl(baseUrl, id, 'lifecycle'),
      body: JSON.stringify({ lifecycle_state: { status: name, ...(input !== undefined ? { input } : {}) } }),
    }),
  };
}

/** "A pending agreement can be either cancelled or opened" (docs.zigned.se); pending is reached from draft or open. */
const lifecycle: readonly LifecycleAction[] = [
  lifecycleAction('pending', 'Finalises the agreement: validates it and sends the invitations (when e-mails are on).', ['draft', 'open'], true),
  lifecycleAction('open', 'Reopens a pending agreement for editing.', ['pending'], false),
  lifecycleAction('cancelled', 'Cancels the agreement (final).', ['draft', 'open', 'pending'], false),
];

/**
 * What `pending` ("validates everything") is read to require. Zigned does not list its checks:
 * these are the sandbox's reading (a main document, a participant, no expiry in the past); the
 * issuer e-mail while e-mails are on is the zigned/issuer-email-needed rule.
 */
function readiness(state: Readonly<Record<string, unknown>>, now: Date): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  const documents = isObject(state.documents) && isObject(state.documents.original_documents) ? state.documents.original_documents : undefined;
  if (!documents?.main) problems.push({ statePath: '/documents/original_documents/main', message: 'the agreement has no main document to sign' });
  if (!Array.isArray(state.participants) || state.participants.length === 0) problems.push({ statePath: '/participants', message: 'the agreement has no participants' });
  const expiry = parseIsoDate(state.expires_at);
  if (expiry && expiry.getTime() < now.getTime()) problems.push({ statePath: '/expires_at', field: 'expires_at', message: `the agreement's expiry (${expiry.toISOString()}) is in the past` });
  return problems;
}

/** `{ "remove": true }`: the documented way to clear success_callback_url and lookup_key. */
function isRemove(value: unknown): boolean {
  return isObject(value) && value.remove === true;
}

function objectAt(state: Record<string, unknown>, key: string): Record<string, unknown> {
  const current = getOwn(state, key);
  const object = isObject(current) ? current : {};
  setOwn(state, key, object);
  return object;
}

export const zignedDraft: DraftProfile = {
  stateUrl: (baseUrl, id) => agreementUrl(baseUrl, id),
  stateLabel: 'agreement',
  stateOf(body) {
    const data = isObject(body) ? body.data : undefined;
    return isObject(data) && typeof data.status === 'string' ? data : undefined;
  },
  /**
   * How each update field shows in the agreement (docs.zigned.se, put-agreements-agreement-id):
   * documented — `lookup_key` comes back as `metadata.lookup_key`, `{ "remove": true }` clears it
   * and `success_callback_url`, `theme: { "disconnect": true }` removes the theme, `expires_at`
   * keeps only its day (23:59:59.999 UTC). Assumed (the sandbox's reading, not confirmed): the
   * `issuer` fields merge into the stored issuer, `send_emails` / `default_locale` /
   * `automatic_reminders` land under `communication`, `signing_order` in `signing_order.enabled`,
   * and which UTC day an offset time lands on. A field the update leaves out keeps its value:
   * the creation defaults are not update semantics.
   */
  applyUpdate(state, update) {
    const after = structuredClone(state) as Record<string, unknown>;
    for (const [key, value] of Object.entries(update)) {
      if (key.startsWith('$')) continue;
      switch (key) {
        case 'issuer':
          if (isObject(value)) {
            // Defined, not assigned (Object.assign would), so that a "__proto__" key stays a field.
            const issuer = objectAt(after, 'issuer');
            for (const [field, inner] of Object.entries(value)) setOwn(issuer, field, structuredClone(inner));
          }
          break;
        case 'send_emails':
        case 'default_locale':
          objectAt(after, 'communication')[key] = value;
          break;
        case 'automatic_reminders':
          if (typeof value === 'string') objectAt(after, 'communication').automatic_reminders = { enabled: true, intensity: value };
          break;
        case 'signing_order':
          if (typeof value === 'boolean') objectAt(after, 'signing_order').enabled = value;
          break;
        case 'theme':
          if (isObject(value)) {
            const current = after.theme;
            after.theme = value.disconnect === true ? null : isObject(current) ? { ...current, id: value.id } : value.id;
          }
          break;
        case 'success_callback_url':
        case 'lookup_key':
          objectAt(after, 'metadata')[key] = isRemove(value) ? null : value;
          break;
        case 'expires_at': {
          const day = parseIsoDate(value);
          after.expires_at = day ? endOfUtcDay(day).toISOString() : value;
          break;
        }
        default:
          // trust_level and any field without a known mapping: stored under its own name (defined,
          // not assigned: a "__proto__" key in the file is a field like any other).
          setOwn(after, key, structuredClone(value));
      }
    }
    return after;
  },
  statusOf: (state) => (typeof state.status === 'string' ? state.status : undefined),
  updatableStatuses: ['draft', 'open'],
  readiness,
  readinessRuleIds: ['zigned/publish-readiness', 'zigned/not-a-draft', 'zigned/issuer-email-needed'],
  lifecycle,
};
