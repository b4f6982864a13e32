import { ignisignProfile } from '../core/providers/ignisign/profile';
import { ignisignV4Profile } from '../core/providers/ignisignV4/profile';
import { cloneJson } from './http';
import { newObjectId, signerProfileOf, type IgnisignWorld } from './ignisignModel';

/**
 * Ignisign v3 and v4 on the sandbox: the same requests (login, update, context, publish, close)
 * under /v3 and /v4, answered by one handler table (ignisignRoutes.ts). What differs lives here:
 * the body schema, whether an `skv2_…` API key is a bearer, and the approver field's name.
 *
 * The model stores fields in v4's naming (signerIdsAsApprover, statements without target); a v3
 * body is read into it and the v3 context is written back in v3's naming, so a draft updated
 * through one version reads right through the other.
 */
export interface IgnisignApiVersion {
  readonly prefix: '/v3' | '/v4';
  readonly label: string;
  readonly updateSchema: Record<string, unknown>;
  /** v4 takes `skv2_…` API keys as bearers (`ignisign/ignisign-node` 5eaf588, `_authRequestInterceptor`); v3 knows only JWTs. */
  readonly acceptsApiKeys: boolean;
  /** The publish checks' version (core publishChecks.ts: v4 needs a defaultSignatureMethod). */
  readonly publishChecks: 'v3' | 'v4';
  /** The update body in the model's (v4) naming. */
  toModel(body: Record<string, unknown>): Record<string, unknown>;
  /** The stored context in this version's naming and shape. */
  fromModel(context: Record<string, unknown>, world: IgnisignWorld): Record<string, unknown>;
  /** The publish answer of this version. */
  publishAnswer(world: IgnisignWorld, request: { _id: string; fields: Record<string, unknown> }): Record<string, unknown>;
}

/** Fields only the v4 update takes (v4.0.0 DTO de5e182; the released v3 DTO at 010088f has none of them). */
const V4_ONLY_FIELDS = ['defaultSignatureMethod', 'signerProfilesSignatureMethod', 'individualizeRequests', 'fullPrivacy'];

/**
 * Fields the v4 update takes that the v4 context (IgnisignSignatureRequest at public-models
 * fa00391) does not declare: kept in the model, not shown. The v3-era signature profile is gone
 * from v4 (deprecated in b1a06ae, removed in f65c13a).
 */
const NOT_IN_V4_CONTEXT = ['signatureProfileId', 'signatureProfile', 'fullPrivacy', 'signerProfilesSignatureMethod', 'extendedAuthSessionEnabled'];

function signerIdsOf(request: { fields: Record<string, unknown> }): string[] {
  return Array.isArray(request.fields.signerIds) ? (request.fields.signerIds as string[]) : [];
}

const V3: IgnisignApiVersion = {
  prefix: '/v3',
  label: 'Ignisign v3',
  updateSchema: ignisignProfile.updateSchema,
  acceptsApiKeys: false,
  publishChecks: 'v3',
  toModel(body) {
    const { signersAsApprover, ...rest } = body;
    const out: Record<string, unknown> = signersAsApprover === undefined ? rest : { ...rest, signerIdsAsApprover: signersAsApprover };
    return out;
  },
  fromModel(context) {
    const { signerIdsAsApprover, ...rest } = context;
    for (const field of V4_ONLY_FIELDS) delete rest[field];
    if (signerIdsAsApprover !== undefined) rest.signersAsApprover = signerIdsAsApprover;
    // A statement stored from a v4 body has no target: v3 says it by documentId's presence.
    if (Array.isArray(rest.statements)) {
      rest.statements = rest.statements.map((s: Record<string, unknown>) => (s.target !== undefined ? s : { ...s, target: s.documentId !== undefined ? 'DOCUMENT' : 'SIGNATURE_REQUEST' }));
    }
    return rest;
  },
  /**
   * The official SDK types the v3 publish answer as { signatureRequestId, signers?: [{ signerId,
   * signerExternalId, token }] } (ignisign-node, before 4d74921): tokens for the embedded
   * integration, which the sandbox's BY_SIDE signature profile does not use.
   */
  publishAnswer(world, request) {
    if (world.signatureProfile.integrationMode !== 'EMBEDDED') return { signatureRequestId: request._id };
    return {
      signatureRequestId: request._id,
      signers: signerIdsOf(request).map((signerId) => ({ signerId, signerExternalId: world.signers.get(signerId)?.externalId, token: newObjectId() })),
    };
  },
};

const V4: IgnisignApiVersion = {
  prefix: '/v4',
  label: 'Ignisign v4',
  updateSchema: ignisignV4Profile.updateSchema,
  acceptsApiKeys: true,
  publishChecks: 'v4',
  toModel: (body) => body,
  fromModel(context, world) {
    const stored = cloneJson(context);
    for (const field of NOT_IN_V4_CONTEXT) delete stored[field];
    const { _id, _createdAt, appId, appEnv, ...rest } = stored;
    // IgnisignSignatureRequest's order; signatureRequestType defaults to STANDARD (fa00391).
    const out: Record<string, unknown> = { _id, _createdAt, appId, appEnv, signatureRequestType: 'STANDARD', ...rest };
    // v4 statements have no target (public-models 6368c21).
    if (Array.isArray(out.statements)) out.statements = out.statements.map(({ target: _target, ...s }: Record<string, unknown>) => s);
    // IgnisignSigner_Summary carries the signer's profile in v4; the context lists the profiles.
    const signers = Array.isArray(out.signers) ? (out.signers as Record<string, unknown>[]) : [];
    const profiles = new Map<string, unknown>();
    for (const signer of signers) {
      const profile = signerProfileOf(world, String(signer.signerId));
      if (!profile) continue;
      signer.signerProfileId = profile._id;
      profiles.set(profile._id, cloneJson(profile));
    }
    out.signerProfiles = [...profiles.values()];
    return out;
  },
  /**
   * IgnisignSignatureRequest_Publish_ResponseDTO (public-models de5e182 and fa00391):
   * { signatureRequestId, signersBySide?: [{ signerId, signerExternalId }], signersEmbedded?:
   * [{ signerId, signerExternalId, token }] }. Which list a signer is in follows its signer
   * profile's integration mode; an embedded signer's token opens its signing session.
   */
  publishAnswer(world, request) {
    const bySide: Record<string, unknown>[] = [];
    const embedded: Record<string, unknown>[] = [];
    for (const signerId of signerIdsOf(request)) {
      const signerExternalId = world.signers.get(signerId)?.externalId;
      if (signerProfileOf(world, signerId)?.integrationMode === 'EMBEDDED') embedded.push({ signerId, signerExternalId, token: newObjectId() });
      else bySide.push({ signerId, signerExternalId });
    }
    return { signatureRequestId: request._id, ...(bySide.length ? { signersBySide: bySide } : {}), ...(embedded.length ? { signersEmbedded: embedded } : {}) };
  },
};

/** The version a path belongs to, by its prefix; undefined outside both. */
export function ignisignVersionOf(path: string): IgnisignApiVersion | undefined {
  for (const version of [V3, V4]) if (path === version.prefix || path.startsWith(`${version.prefix}/`)) return version;
  return undefined;
}
