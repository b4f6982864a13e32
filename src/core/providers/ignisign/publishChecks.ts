import { parseIsoDate } from '../../text/dates';
import type { ReadinessProblem } from '../draftProfile';

/**
 * Why publishing an Ignisign signature request would be refused: one list, in the order of the
 * official error enum, used by the publish-readiness rules, the publish gate and the local
 * sandbox alike (the sandbox refuses exactly the `blocking` problems, so that it never refuses
 * what the gate lets through).
 *
 * Sources (`ignisign/ignisign-public-models` `src/_commons/ignisign-errors.public.ts` at 010088f
 * for v3, fa00391 for v4): each problem is a `CANNOT_PUBLISH_SIGNATURE_REQUEST__*` code.
 * - `NO_TITLE` exists, but whether the server enforces it is unconfirmed (the official examples,
 *   `ignisign/ignisign-examples`, set a title; no page says a title is required): not blocking,
 *   a warning (the `…/publish-title-missing` rules).
 * - `NO_DIFFUSION_MODE` exists, but the v3 reference page
 *   (https://ignisign.io/docs/ignisign-api/3.0.0/update-signature-request) calls `WHEN_READY` the
 *   default and the official examples publish without a mode: an absent mode is `WHEN_READY`,
 *   never a problem.
 * - v4 only: `NO_DEFAULT_SIGNATURE_METHOD` (added with `defaultSignatureMethod` made optional on
 *   update, public-models 69f4b9f; the v4 example sets it before publishing). v4 has no
 *   `NO_SIGNATURE_PROFILE` (error enum at fa00391).
 * - Dates only matter when used: expiry when `expirationDateIsActivated`, the diffusion date when
 *   `SCHEDULED` (the codes' own names).
 */

export type IgnisignApiVersion = 'v3' | 'v4';

export interface PublishProblem extends ReadinessProblem {
  code: string;
  /** False where the server's enforcement is unconfirmed: reported as a warning, never refused. */
  blocking: boolean;
}

export const PUBLISH_CODE_PREFIX = 'CANNOT_PUBLISH_SIGNATURE_REQUEST__';

/** The ids a list field holds, falling back on the context's objects (`signers[].signerId`, `documents[]._id`). */
export function idsOf(state: Readonly<Record<string, unknown>>, field: 'signerIds' | 'documentIds'): string[] {
  const ids = state[field];
  if (Array.isArray(ids)) return ids.filter((id): id is string => typeof id === 'string');
  const objects = state[field === 'signerIds' ? 'signers' : 'documents'];
  const key = field === 'signerIds' ? 'signerId' : '_id';
  return Array.isArray(objects) ? objects.map((o) => (o as Record<string, unknown> | null)?.[key]).filter((id): id is string => typeof id === 'string') : [];
}

export function publishProblems(state: Readonly<Record<string, unknown>>, now: Date, version: IgnisignApiVersion): PublishProblem[] {
  const problems: PublishProblem[] = [];
  const add = (field: string, code: string, message: string, blocking = true) =>
    problems.push({ statePath: `/${field}`, field, code: `${PUBLISH_CODE_PREFIX}${code}`, message, blocking });
  if (idsOf(state, 'documentIds').length === 0) add('documentIds', 'NO_DOCUMENTS', 'the signature request has no documents');
  if (idsOf(state, 'signerIds').length === 0) add('signerIds', 'NO_SIGNERS', 'the signature request has no signers');
  if (typeof state.title !== 'string' || state.title.trim() === '') add('title', 'NO_TITLE', 'the signature request has no title', false);
  if (version === 'v4' && (typeof state.defaultSignatureMethod !== 'string' || state.defaultSignatureMethod === '')) {
    add('defaultSignatureMethod', 'NO_DEFAULT_SIGNATURE_METHOD', 'the signature request has no defaultSignatureMethod');
  }
  const expirationUsed = state.expirationDateIsActivated === true;
  const scheduled = state.diffusionMode === 'SCHEDULED';
  const expiration = expirationUsed ? parseIsoDate(state.expirationDate) : undefined;
  const diffusion = scheduled ? parseIsoDate(state.diffusionDate) : undefined;
  // Missing means absent: a date the API takes but whose instant is unclear (a date-time without
  // an offset, see the …/date-time-incomplete rules) is there, only not compared.
  const present = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  if (expirationUsed && !present(state.expirationDate)) add('expirationDate', 'EXPIRATION_DATE_IS_ACTIVATED_BUT_EXPIRATION_DATE_IS_MISSING', 'expirationDateIsActivated is true but there is no expirationDate');
  if (scheduled && !present(state.diffusionDate)) add('diffusionDate', 'DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING', 'diffusionMode is SCHEDULED but there is no diffusionDate');
  if (expiration && diffusion && expiration.getTime() <= diffusion.getTime()) {
    add('expirationDate', 'EXPIRATION_DATE_BEFORE_DIFFUSION_DATE', `expirationDate (${expiration.toISOString()}) is not after diffusionDate (${diffusion.toISOString()})`);
  }
  if (diffusion && diffusion.getTime() < now.getTime()) add('diffusionDate', 'DIFFUSION_DATE_IN_THE_PAST', `diffusionDate (${diffusion.toISOString()}) is in the past`);
  if (expiration && expiration.getTime() < now.getTime()) add('expirationDate', 'EXPIRATION_DATE_IN_THE_PAST', `expirationDate (${expiration.toISOString()}) is in the past`);
  return problems;
}
