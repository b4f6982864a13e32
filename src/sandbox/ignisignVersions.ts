import { ignisignProfile } from '../core/providers/ignisign/profile';
import { ignisignV4Profile } from '../core/providers/ignisignV4/profile';
import { cloneJson } from './http';

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
  /** v4 takes `skv2_…` API keys as bearers (api-facts.md, "Ignisign v4"); v3 knows only JWTs. */
  readonly acceptsApiKeys: boolean;
  /** The update body in the model's (v4) naming. */
  toModel(body: Record<string, unknown>): Record<string, unknown>;
  /** The stored context in this version's naming. */
  fromModel(context: Record<string, unknown>): Record<string, unknown>;
}

/** Fields only the v4 update takes; fullPrivacy the v3 context schema accepts (newer servers echo it). */
const V4_ONLY_FIELDS = ['defaultSignatureMethod', 'signerProfilesSignatureMethod', 'individualizeRequests'];

const V3: IgnisignApiVersion = {
  prefix: '/v3',
  label: 'Ignisign v3',
  updateSchema: ignisignProfile.updateSchema,
  acceptsApiKeys: false,
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
};

const V4: IgnisignApiVersion = {
  prefix: '/v4',
  label: 'Ignisign v4',
  updateSchema: ignisignV4Profile.updateSchema,
  acceptsApiKeys: true,
  toModel: (body) => body,
  fromModel(context) {
    const out = cloneJson(context);
    // v4 statements have no target (public-models 6368c21).
    if (Array.isArray(out.statements)) out.statements = out.statements.map(({ target: _target, ...s }: Record<string, unknown>) => s);
    return out;
  },
};

/** The version a path belongs to, by its prefix; undefined outside both. */
export function ignisignVersionOf(path: string): IgnisignApiVersion | undefined {
  for (const version of [V3, V4]) if (path === version.prefix || path.startsWith(`${version.prefix}/`)) return version;
  return undefined;
}
