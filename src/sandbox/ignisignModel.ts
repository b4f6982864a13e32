import { randomBytes } from 'node:crypto';
import { publishProblems, PUBLISH_CODE_PREFIX, type IgnisignApiVersion } from '../core/providers/ignisign/publishChecks';
import { cloneJson } from './http';

/** The emulated Ignisign application: signature requests, the documents they own, the app's signers. */

export type SignatureRequestStatus =
  | 'DRAFT'
  | 'WAITING_DOCUMENTS'
  | 'WAITING_DOCUMENTS_GENERATION'
  | 'READY'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'EXPIRED'
  | 'FAILED'
  | 'CANCELLED'
  | 'PROCESSING'
  | 'CHILDREN_GENERATED'
  | 'LAUNCHING'
  | 'LAUNCH_ERROR';

export interface IgnisignSigner {
  signerId: string;
  externalId?: string;
  firstName: string;
  lastName: string;
  email: string;
  status: 'CREATED' | 'PENDING' | 'BLOCKED' | 'ACTIVE';
  alreadyProvidedInputs: string[];
  isRecurrent: boolean;
}

export interface IgnisignDocument {
  _id: string;
  appId: string;
  appEnv: string;
  documentNature: 'PDF' | 'FILE' | 'DATA_JSON' | 'PRIVATE_FILE';
  fileName: string;
  fileSize: number;
  label: string;
  mimeType: string;
  documentHash: string;
  status: 'CREATED' | 'DOCUMENT_REQUEST' | 'PROVIDED' | 'ARCHIVED';
  /** The request the document was created in: it can be listed in no other. */
  signatureRequestId: string;
  _createdAt: string;
  signatureSummaries: { signatureId: string; signerId: string; date: string }[];
}

/** What the update can change, stored as last sent (partial updates merge key by key). */
export type UpdatableFields = Record<string, unknown>;

export interface IgnisignSignatureRequest {
  _id: string;
  appId: string;
  appEnv: string;
  signatureProfileId: string;
  status: SignatureRequestStatus;
  _createdAt: string;
  creatorId: string;
  signedBy: string[];
  fields: UpdatableFields;
}

/**
 * A v4 signer profile (IgnisignSignerProfile at fa00391, in
 * public-models `src/signers/signer-profiles.public.ts`): v4 groups signers by signer profile, whose
 * integration mode decides whether publishing hands back signing tokens (EMBEDDED) or not.
 */
export interface IgnisignSignerProfile {
  _id: string;
  appId: string;
  appEnv: string;
  name: string;
  status: 'ACTIVE' | 'ARCHIVED';
  version: number;
  isEmailProofSentByIgnisign: boolean;
  isRecurrent: boolean;
  integrationMode: 'BY_SIDE' | 'EMBEDDED';
  signatureAuthMethodsConfiguration: Record<string, { idProofings?: string[]; authMethods?: string[] }>;
  signerIds: string[];
}

export interface IgnisignWorld {
  requests: Map<string, IgnisignSignatureRequest>;
  documents: Map<string, IgnisignDocument>;
  signers: Map<string, IgnisignSigner>;
  /** v3's signature profile (the v3 context's `signatureProfile`). */
  signatureProfile: Record<string, unknown>;
  /** v4's signer profiles; each signer is in one. */
  signerProfiles: IgnisignSignerProfile[];
}

/** The signer profile a signer belongs to (v4). */
export function signerProfileOf(world: IgnisignWorld, signerId: string): IgnisignSignerProfile | undefined {
  return world.signerProfiles.find((profile) => profile.signerIds.includes(signerId));
}

/**
 * Body fields the real DTOs accept, in v4's naming (v3: public-models 1.0.115; v4: fa00391); a v3
 * body's signersAsApprover arrives here as signerIdsAsApprover (ignisignVersions.ts). The schema
 * already refuses anything else.
 */
const UPDATABLE = [
  'title',
  'description',
  'expirationDate',
  'expirationDateIsActivated',
  'language',
  'documentIds',
  'externalId',
  'diffusionMode',
  'diffusionDate',
  'statements',
  'signerIds',
  'extendedAuthSessionEnabled',
  'initialSignatureRequestId',
  'signerIdsAsApprover',
  'recipients',
  'fullPrivacy',
  'defaultSignatureMethod',
  'signerProfilesSignatureMethod',
  'individualizeRequests',
] as const;

/** A 24-hex-digit id, the shape of Ignisign's (MongoDB) ids. */
export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}

export interface ReferenceProblem {
  code: 'DOCUMENT_NOT_FOUND' | 'SIGNER_NOT_FOUND';
  message: string;
  context: Record<string, unknown>;
}

/**
 * Ids the body names that this application does not have. The real API refuses them too, with
 * codes of its error enum; the sandbox lists the ids it knows so the user can fix the file.
 */
export function findUnknownReferences(world: IgnisignWorld, request: IgnisignSignatureRequest, body: Record<string, unknown>): ReferenceProblem | undefined {
  if (Array.isArray(body.documentIds)) {
    const own = [...world.documents.values()].filter((d) => d.signatureRequestId === request._id).map((d) => d._id);
    const unknown = (body.documentIds as string[]).filter((id) => !own.includes(id));
    if (unknown.length > 0) {
      return {
        code: 'DOCUMENT_NOT_FOUND',
        message: `Document(s) ${unknown.join(', ')} not found in signature request ${request._id}. Its documents: ${own.join(', ') || 'none'}.`,
        context: { documentIds: unknown, availableDocumentIds: own },
      };
    }
  }
  const signerIds = [...(Array.isArray(body.signerIds) ? body.signerIds : []), ...(Array.isArray(body.signerIdsAsApprover) ? body.signerIdsAsApprover : [])] as string[];
  const unknownSigners = [...new Set(signerIds.filter((id) => !world.signers.has(id)))];
  if (unknownSigners.length > 0) {
    const known = [...world.signers.keys()];
    return {
      code: 'SIGNER_NOT_FOUND',
      message: `Signer(s) ${unknownSigners.join(', ')} not found in application ${request.appId}. Its signers: ${known.join(', ')}.`,
      context: { signerIds: unknownSigners, availableSignerIds: known },
    };
  }
  return undefined;
}

/** The partial update: fields present in the body replace the stored ones; absent ones stay. */
export function applyUpdate(request: IgnisignSignatureRequest, body: Record<string, unknown>): void {
  for (const key of UPDATABLE) {
    if (!(key in body)) continue;
    let value = cloneJson(body[key]);
    if (key === 'statements' && Array.isArray(value)) {
      // New statements get their id from the server, as on the real API.
      value = value.map((s: Record<string, unknown>) => (typeof s._id === 'string' ? s : { _id: newObjectId(), ...s }));
    }
    request.fields[key] = value;
  }
}

/** The signature request context, the body of 200 answers (validates against the response schema). */
export function toContext(world: IgnisignWorld, request: IgnisignSignatureRequest): Record<string, unknown> {
  const fields = cloneJson(request.fields);
  const documentIds = (fields.documentIds as string[] | undefined) ?? [];
  const signerIds = (fields.signerIds as string[] | undefined) ?? [];
  const context: Record<string, unknown> = {
    _id: request._id,
    appId: request.appId,
    appEnv: request.appEnv,
    signatureProfileId: request.signatureProfileId,
    status: request.status,
    ...fields,
    documentIds,
    signerIds,
    signedBy: [...request.signedBy],
    _createdAt: request._createdAt,
    creatorId: request.creatorId,
    signers: signerIds.map((id) => world.signers.get(id)).filter((s): s is IgnisignSigner => s !== undefined).map((s) => cloneJson(s)),
    documents: documentIds.map((id) => world.documents.get(id)).filter((d): d is IgnisignDocument => d !== undefined).map((d) => cloneJson(d)),
    statements: (fields.statements as unknown[] | undefined) ?? [],
    signatureProfile: cloneJson(world.signatureProfile),
  };
  return context;
}

export interface PublishProblem {
  code: string;
  message: string;
}

/**
 * Why publishing is refused: an already published request, then the first blocking problem of
 * the one list the publish gate and the readiness rules use too (core publishChecks.ts), so that
 * the sandbox never refuses what the gate lets through. The codes are the enum's own names.
 */
export function findPublishProblem(request: IgnisignSignatureRequest, now: Date, version: IgnisignApiVersion): PublishProblem | undefined {
  if (request.status !== 'DRAFT') {
    return { code: `${PUBLISH_CODE_PREFIX}REQUEST_ALREADY_PUBLISHED`, message: `Signature request ${request._id} is ${request.status}, not DRAFT: it has already been published.` };
  }
  const problem = publishProblems(request.fields, now, version).find((p) => p.blocking);
  if (!problem) return undefined;
  const fix = problem.field === 'documentIds' || problem.field === 'signerIds' || problem.field === 'defaultSignatureMethod' ? `: send ${problem.field} in an update before publishing` : '';
  return { code: problem.code, message: `${problem.message.charAt(0).toUpperCase()}${problem.message.slice(1)}${fix}.` };
}

/** Statuses a signature request can still be closed from, per version (the core's reading, core/providers/ignisign/draft.ts). */
export { CLOSABLE_STATUSES } from '../core/providers/ignisign/draft';
