import { setOwn } from '../../payload/ownProperty';
import { parseIsoDate } from '../../text/dates';
import type { DraftProfile, LifecycleAction, ReadinessProblem } from '../draftProfile';

/**
 * Ignisign beyond the PUT (api-facts.md): the state is the signature request context
 * (`GET /v3/signature-requests/:id/context`); publish and close are `POST …/:id/publish` and
 * `POST …/:id/close`, no body. v4 has the same calls under `/v4` (api-facts.md, "Ignisign v4":
 * "plus /publish, /close, /context under it"; the official SDK's paths at 4d74921).
 */

const PREFIX = 'CANNOT_PUBLISH_SIGNATURE_REQUEST__';

/** Statuses close is accepted from: not documented; the sandbox's reading (every status not yet final). */
const CLOSABLE = ['DRAFT', 'WAITING_DOCUMENTS', 'WAITING_DOCUMENTS_GENERATION', 'READY', 'IN_PROGRESS', 'PROCESSING'];

type ApiVersion = 'v3' | 'v4';

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
    fromStatuses: CLOSABLE,
    validateInput: noInput,
    call: (baseUrl, id) => ({ method: 'POST', url: requestUrl(version, baseUrl, id, 'close') }),
  },
];

/** The ids a list field holds, falling back on the context's objects (`signers[].signerId`, `documents[]._id`). */
export function idsOf(state: Readonly<Record<string, unknown>>, field: 'signerIds' | 'documentIds'): string[] {
  const ids = state[field];
  if (Array.isArray(ids)) return ids.filter((id): id is string => typeof id === 'string');
  const objects = state[field === 'signerIds' ? 'signers' : 'documents'];
  const key = field === 'signerIds' ? 'signerId' : '_id';
  return Array.isArray(objects) ? objects.map((o) => (o as Record<string, unknown> | null)?.[key]).filter((id): id is string => typeof id === 'string') : [];
}

/**
 * The publish refusals of the official error enum (ignisign-public-models 010088f,
 * `src/_commons/ignisign-errors.public.ts`) that the state shows. Left out on purpose:
 * NO_TITLE and NO_DIFFUSION_MODE, whose enforcement is unconfirmed (api-facts.md), and
 * REQUEST_ALREADY_PUBLISHED, which the not-a-draft rule reports at `$request.id`.
 */
function readiness(state: Readonly<Record<string, unknown>>, now: Date): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  if (idsOf(state, 'documentIds').length === 0) {
    problems.push({ statePath: '/documentIds', field: 'documentIds', code: `${PREFIX}NO_DOCUMENTS`, message: 'the signature request has no documents' });
  }
  if (idsOf(state, 'signerIds').length === 0) {
    problems.push({ statePath: '/signerIds', field: 'signerIds', code: `${PREFIX}NO_SIGNERS`, message: 'the signature request has no signers' });
  }
  // Dates only matter when used (api-facts.md): expiry when activated, diffusion date when SCHEDULED.
  const expirationUsed = state.expirationDateIsActivated === true;
  const scheduled = state.diffusionMode === 'SCHEDULED';
  const expiration = expirationUsed ? parseIsoDate(state.expirationDate) : undefined;
  const diffusion = scheduled ? parseIsoDate(state.diffusionDate) : undefined;
  if (expirationUsed && !expiration) {
    problems.push({ statePath: '/expirationDate', field: 'expirationDate', code: `${PREFIX}EXPIRATION_DATE_IS_ACTIVATED_BUT_EXPIRATION_DATE_IS_MISSING`, message: 'expirationDateIsActivated is true but there is no expirationDate' });
  }
  if (scheduled && !diffusion) {
    problems.push({ statePath: '/diffusionDate', field: 'diffusionDate', code: `${PREFIX}DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING`, message: 'diffusionMode is SCHEDULED but there is no diffusionDate' });
  }
  if (expiration && diffusion && expiration.getTime() <= diffusion.getTime()) {
    problems.push({ statePath: '/expirationDate', field: 'expirationDate', code: `${PREFIX}EXPIRATION_DATE_BEFORE_DIFFUSION_DATE`, message: `expirationDate (${expiration.toISOString()}) is not after diffusionDate (${diffusion.toISOString()})` });
  }
  if (diffusion && diffusion.getTime() < now.getTime()) {
    problems.push({ statePath: '/diffusionDate', field: 'diffusionDate', code: `${PREFIX}DIFFUSION_DATE_IN_THE_PAST`, message: `diffusionDate (${diffusion.toISOString()}) is in the past` });
  }
  if (expiration && expiration.getTime() < now.getTime()) {
    problems.push({ statePath: '/expirationDate', field: 'expirationDate', code: `${PREFIX}EXPIRATION_DATE_IN_THE_PAST`, message: `expirationDate (${expiration.toISOString()}) is in the past` });
  }
  return problems;
}

/**
 * The draft profile of one Ignisign API version. v4's publish refusals keep v3's codes (the v4
 * error enum, public-models fa00391), and its update semantics are v3's: a field present replaces.
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
     * add/remove operations. Not modelled: the context's derived objects (`signers`, `documents`)
     * and the `_id` the server gives new statements, which only the server can fill in.
     */
    applyUpdate(state, update) {
      const after = structuredClone(state) as Record<string, unknown>;
      for (const [key, value] of Object.entries(update)) {
        if (key.startsWith('$')) continue;
        // Defined, not assigned: a "__proto__" key in the file is a field like any other.
        setOwn(after, key, structuredClone(value));
      }
      return after;
    },
    statusOf: (state) => (typeof state.status === 'string' ? state.status : undefined),
    updatableStatuses: ['DRAFT'],
    readiness,
    readinessRuleIds: [`${ruleIdPrefix}/publish-readiness`, `${ruleIdPrefix}/not-a-draft`],
    lifecycle: lifecycleOf(version),
  };
}

export const ignisignDraft: DraftProfile = ignisignDraftProfile('v3', 'ignisign');
export const ignisignV4Draft: DraftProfile = ignisignDraftProfile('v4', 'ignisign-v4');
