import { deepEqual, isJsonObject } from '../../payload/jsonEqual';
import { getOwn, setOwn } from '../../payload/ownProperty';
import type { DraftProfile, LifecycleAction } from '../draftProfile';
import { publishProblems, type IgnisignApiVersion } from './publishChecks';

export { idsOf } from './publishChecks';

/**
 * Ignisign beyond the PUT: the state is the signature request context
 * (`GET /v3/signature-requests/:id/context`); publish and close are `POST …/:id/publish` and
 * `POST …/:id/close`, no body (the official SDK, `ignisign/ignisign-node`
 * `src/ignisign-sdk.constant.ts`). v4 has the same calls under `/v4` (the same file at 4d74921).
 */

/**
 * Statuses close is accepted from: not documented; the sandbox's reading (every status not yet
 * final), per version. v3: IGNISIGN_SIGNATURE_REQUEST_STATUS at public-models 010088f. v4: the
 * enum at fa00391, which dropped WAITING_DOCUMENTS (8db4aec) and WAITING_DOCUMENTS_GENERATION
 * (3d15db9) and added LAUNCHING (not yet final: SIGNATURE_REQUESTS_STATUS_IN_PROGRESS) and
 * LAUNCH_ERROR (final: IGNISIGN_SIGNATURE_REQUEST_CLOSED_STATUS).
 */
export const CLOSABLE_STATUSES: Readonly<Record<IgnisignApiVersion, readonly string[]>> = {
  v3: ['DRAFT', 'WAITING_DOCUMENTS', 'WAITING_DOCUMENTS_GENERATION', 'READY', 'IN_PROGRESS', 'PROCESSING'],
  v4: ['DRAFT', 'READY', 'IN_PROGRESS', 'PROCESSING', 'LAUNCHING'],
};

type ApiVersion = IgnisignApiVersion;

function requestUrl(version: ApiVersion, baseUrl: string, targetId: string, action?: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${version}/signature-requests/${encodeURIComponent(targetId)}${action ? `/${action}` : ''}`;
}

function noInput(input: unknown): string | undefined {
  return input === undefined ? undefined : 'This call takes no input.';
}

const lifecycleOf = (version: ApiVersion): readonly LifecycleAction[] => [
  {
    name: 'publish',
    description: 'Publishes the draft: signers are invited (WHEN_READY) or it waits for its diffusion date (SCHEDULED).',
    publishes: true,
    fromStatuses: ['DRAFT'],
    validateInput: noInput,
    call: (baseUrl, id) => ({ method: 'POST', url: requestUrl(version, baseUrl, id, 'publish') }),
  },
  {
    name: 'close',
    description: 'Closes (cancels) the signature request.',
    publishes: false,
    fromStatuses: CLOSABLE_STATUSES[version],
    validateInput: noInput,
    call: (baseUrl, id) => ({ method: 'POST', url: requestUrl(version, baseUrl, id, 'close') }),
  },
];

/**
 * Fields the v4 update takes but the v4 context does not return (IgnisignSignatureRequest_UpdateDto
 * versus IgnisignSignatureRequest at public-models fa00391): no pulled state can show them, so
 * the state after an update leaves them out rather than show a change that never goes away.
 */
const V4_WRITE_ONLY = ['fullPrivacy', 'signerProfilesSignatureMethod', 'extendedAuthSessionEnabled'];

/**
 * The draft profile of one Ignisign API version. Publish refusals per version (publishChecks.ts:
 * v4 adds NO_DEFAULT_SIGNATURE_METHOD); the update semantics are v3's: a field present replaces.
 * Only the blocking problems are readiness problems; an unconfirmed one (NO_TITLE) is the
 * `…/publish-title-missing` warning.
 */
function ignisignDraftProfile(version: ApiVersion, ruleIdPrefix: string): DraftProfile {
  return {
    stateUrl: (baseUrl, id) => requestUrl(version, baseUrl, id, 'context'),
    stateLabel: 'signature request context',
    stateOf(body) {
      const context = body as Record<string, unknown> | undefined;
      return typeof context === 'object' && context !== null && !Array.isArray(context) && typeof context.status === 'string' ? context : undefined;
    },
    /**
     * Documented (the v3 update page and the official DTO): every field is optional and a field
     * present replaces the stored one; absent fields stay. Arrays (signerIds, documentIds,
     * statements, recipients, signersAsApprover) replace the stored array whole: the DTO has no
     * add/remove operations. Not modelled: the context's derived objects (`signers`, `documents`).
     * The `_id` the server gives a new statement only the server can fill in: a statement the
     * file gives without one that the state holds at the same place, equal but for that `_id`, is
     * taken as that statement (see withServerStatementIds).
     */
    applyUpdate(state, update) {
      const after = structuredClone(state) as Record<string, unknown>;
      for (const [key, value] of Object.entries(update)) {
        if (key.startsWith('$') || (version === 'v4' && V4_WRITE_ONLY.includes(key))) continue;
        const sent = structuredClone(value);
        // Defined, not assigned: a "__proto__" key in the file is a field like any other.
        setOwn(after, key, key === 'statements' ? withServerStatementIds(getOwn(state, 'statements'), sent) : sent);
      }
      return after;
    },
    statusOf: (state) => (typeof state.status === 'string' ? state.status : undefined),
    updatableStatuses: ['DRAFT'],
    readiness: (state, now) => publishProblems(state, now, version).filter((p) => p.blocking),
    // date-in-past too: a date this body sets that is past is that rule's finding, not publish-readiness's (one finding per fact).
    readinessRuleIds: [`${ruleIdPrefix}/publish-readiness`, `${ruleIdPrefix}/not-a-draft`, `${ruleIdPrefix}/date-in-past`],
    lifecycle: lifecycleOf(version),
  };
}

/**
 * The file's statements, each one the file gives without `_id` carrying the `_id` of the stored
 * statement at the same place when the two are otherwise equal. Ignisign gives a statement its
 * `_id` when it is added (the update schema: "leave it out when adding a new statement"), so a
 * file that added statements never holds their ids; sending it again would only swap them for
 * equal statements with new ids, which no one can predict. Without this, every file that adds
 * statements showed a change after it was sent, and `publish` (with or without --send) refused
 * it for good.
 */
function withServerStatementIds(stored: unknown, sent: unknown): unknown {
  if (!Array.isArray(stored) || !Array.isArray(sent)) return sent;
  // An id the file gives one of its statements is that statement's: never lent to another.
  const named = new Set(sent.map((statement: unknown) => (isJsonObject(statement) ? getOwn(statement, '_id') : undefined)).filter((id) => id !== undefined));
  return sent.map((statement: unknown, index) => {
    const existing: unknown = stored[index];
    if (!isJsonObject(statement) || getOwn(statement, '_id') !== undefined || !isJsonObject(existing)) return statement;
    const id = getOwn(existing, '_id');
    if (typeof id !== 'string' || named.has(id)) return statement;
    // Spreads define own properties, so a "__proto__" key stays data here too.
    const { _id: _ignored, ...rest } = existing;
    return deepEqual(rest, statement) ? { _id: id, ...statement } : statement;
  });
}

export const ignisignDraft: DraftProfile = ignisignDraftProfile('v3', 'ignisign');
export const ignisignV4Draft: DraftProfile = ignisignDraftProfile('v4', 'ignisign-v4');
