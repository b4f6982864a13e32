import { responseSchema } from './schemas';
import { SANDBOX_IGNISIGN_API_KEY, SANDBOX_IGNISIGN_CREDENTIALS, sandboxIgnisignBaseUrl } from '../../send/localSandbox';
import type { Credentials, EnvironmentConfig, HttpExchange, ResponseSummary } from '../../send/types';
import { APP_ENVS, appApiLogin, errorCode, type ErrorGuide, summarizeIgnisign, tokensIn } from '../ignisign/send';
import { AuthError, type SendProfile } from '../sendProfile';

/**
 * Ignisign v4 takes two kinds of credential: an API key `skv2_…` goes straight into
 * `Authorization: Bearer` (ignisign-node 5eaf588, `_authRequestInterceptor`; the page
 * ignisign.io/docs/quick-start/backend-integration/REST_API_Integration); any other secret is an
 * app secret exchanged at `POST /v4/auth/app-api` for a JWT (ignisign.io/docs/ignisign-api/api-auth-post).
 */
export function isApiKey(secret: string): boolean {
  return secret.startsWith('skv2_');
}

/** v4 error codes (public-models fa00391, src/_commons/ignisign-errors.public.ts) explained for people. */
const ERRORS: ErrorGuide = {
  BODY_VALIDATION_FAILED: { meaning: 'The API refused the body: a field has the wrong type, value or name.', whatToChange: 'Fix the fields listed below (the editor\'s diagnostics flag most of them before sending). A v3 body (signersAsApprover, statements[].target) is refused by v4: convert it with "Convert to Ignisign v4…".' },
  SIGNATURE_REQUEST_NOT_FOUND: { meaning: 'No signature request has this id for these credentials.', whatToChange: 'Check $request.id, and that the credentials belong to the application and environment the request was created in.' },
  SIGNATURE_REQUEST_BAD_STATUS: { meaning: 'The signature request is no longer a DRAFT, and only drafts can be updated.', whatToChange: 'Create a new signature request, or target one that has not been published yet.' },
  DOCUMENT_NOT_FOUND: { meaning: 'A document id in the body does not belong to this signature request.', whatToChange: 'Use the ids of documents created for this request (POST /v4/applications/:appId/envs/:appEnv/init-documents with { signatureRequestId }), in documentIds and statements[].documentId.' },
  SIGNER_NOT_FOUND: { meaning: 'A signer id in the body is unknown in this application and environment.', whatToChange: 'Create the signer first (POST /v4/applications/:appId/envs/:appEnv/signers) and use its id in signerIds / signerIdsAsApprover.' },
  SIGNER_PROFILE_NOT_FOUND: { meaning: 'A signerProfileId in signerProfilesSignatureMethod is not a signer profile of this application.', whatToChange: 'Use the id of one of the application\'s signer profiles (Ignisign console, or the signer-profiles API).' },
  SIGNER_INCOMPATIBLE_WITH_SIGNATURE_METHOD: { meaning: 'A signer lacks what the chosen signature method needs (e.g. a phone number for ADVANCED_SMS).', whatToChange: 'Choose another defaultSignatureMethod / signatureMethodRef, or complete the signer.' },
  CANNOT_UPDATE_SIGNATURE_REQUEST__SIGNATURE_METHODS_NOT_FOUND: { meaning: 'A signature method named in the body is not available to this application.', whatToChange: 'Use a method the application has (defaultSignatureMethod, signerProfilesSignatureMethod[].signatureMethodRef).' },
  CANNOT_UPDATE_SIGNATURE_REQUEST__SIGNATURE_METHODS_NOT_ACTIVATED: { meaning: 'A signature method named in the body is not activated for this application.', whatToChange: 'Activate it in the Ignisign console, or choose an activated one.' },
  CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD: { meaning: 'A v4 signature request is published only with a default signature method, and this one has none.', whatToChange: 'Send "defaultSignatureMethod" (SIMPLE_STD, ADVANCED_SMS, ADVANCED_STD or QUALIFIED_STD) in an update, then publish again.' },
  AUTH_HEADER_NOT_FOUND: { meaning: 'The request had no Authorization header.', whatToChange: 'Set the API key or app secret for this environment (E-Sign Drafts: Set Credentials…).' },
  AUTH_HEADER_NOT_BEARER: { meaning: 'The Authorization header was not a bearer token.', whatToChange: 'Set the API key or app secret for this environment (E-Sign Drafts: Set Credentials…).' },
  API_KEY_NOT_FOUND: { meaning: 'Ignisign does not know this API key.', whatToChange: 'Check the skv2_… key in the Ignisign console (it may have been revoked) and set it again with Set Credentials….' },
  INVALID_AUTH_JWT_TOKEN: { meaning: 'The API did not accept the token.', whatToChange: 'Check that the credential belongs to this application and environment; set it again with Set Credentials….' },
  OUTDATED_AUTH_JWT_TOKEN: { meaning: 'The token had expired.', whatToChange: 'Send again: a new token is requested automatically.' },
};

/**
 * The v4 context's own lines (IgnisignSignatureRequest at public-models fa00391): the default
 * signature method and the signer profiles used. The context has no fullPrivacy nor
 * signerProfilesSignatureMethod (update-only fields), so the summary does not pretend to read them.
 */
function summarize(exchange: HttpExchange): ResponseSummary {
  const summary = summarizeIgnisign(exchange, responseSchema(), ERRORS);
  const context = exchange.body as Record<string, unknown> | undefined;
  if (summary.explanation || !context || typeof context !== 'object') return summary;
  const used = Array.isArray(context.signerProfilesUsed) ? (context.signerProfilesUsed as Record<string, unknown>[]) : [];
  const profile = (p: Record<string, unknown>) => `${String(p?.signerProfileId ?? '?')} (${String(p?.signatureMethodRef ?? '?')}, ${Array.isArray(p?.signerIds) ? p.signerIds.length : 0} signer(s))`;
  summary.fields.push(
    { label: 'Signature method', value: String(context.defaultSignatureMethod ?? '— (needed to publish)') },
    { label: 'Signer profiles used', value: used.length ? `${used.length}: ${used.map(profile).join(', ')}` : 'none yet' },
  );
  return summary;
}

/** A short, one-way fingerprint: tells cached API keys apart without keeping the key in the cache key. */
function fingerprint(secret: string): string {
  // Required here, when a key is cached for a send: every profile is loaded to lint, and loading
  // node:crypto (with the stream modules under it) would slow each `esign-drafts lint` start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

function appSecretNeeds(environment: EnvironmentConfig): string | undefined {
  if (!environment.appId || !environment.appEnv) return `an app secret needs "appId" and "appEnv" in environment "${environment.name}" (the application and environment it belongs to)`;
  return undefined;
}

export const ignisignV4Send: SendProfile = {
  defaultBaseUrl: 'https://api.ignisign.io',
  officialHosts: ['api.ignisign.io'],
  // An app secret belongs to one application and environment; an API key may come without them.
  credentialScope: (environment) => (environment.appId && environment.appEnv ? `${environment.appId}.${environment.appEnv}` : `environment ${environment.name}`),
  credentialFields: [{ key: 'secret', label: 'API key (skv2_…) or app secret', envVar: 'ESIGN_DRAFTS_SECRET', placeholder: 'skv2_… (API key) or sk_development_… (app secret)' }],
  credentialMode(credentials, environment) {
    if (credentials.secret && isApiKey(credentials.secret)) return { description: 'an API key (skv2_…): sent as the bearer token, no login' };
    const problem = appSecretNeeds(environment);
    return { description: 'an app secret: exchanged for a token at POST /v4/auth/app-api', ...(problem ? { problem } : {}) };
  },
  validateEnvironment(environment) {
    // appId is only needed with an app secret, which is not known here: the login says so then.
    if (environment.appEnv !== undefined && !APP_ENVS.includes(environment.appEnv)) return `Environment "${environment.name}": "appEnv" must be one of ${APP_ENVS.join(', ')}, got "${environment.appEnv}".`;
    return undefined;
  },
  tokenUrl: (_environment, baseUrl) => `${baseUrl.replace(/\/+$/, '')}/v4/auth/app-api`,
  updateUrl: (baseUrl, targetId) => `${baseUrl.replace(/\/+$/, '')}/v4/signature-requests/${encodeURIComponent(targetId)}`,
  tokenCacheKey: (environment, baseUrl, credentials: Credentials) =>
    credentials.secret && isApiKey(credentials.secret) ? `ignisign-v4|${baseUrl}|api-key|${fingerprint(credentials.secret)}` : `ignisign-v4|${baseUrl}|${environment.appId}|${environment.appEnv}`,
  async login(send, environment, baseUrl, credentials) {
    if (!credentials.secret) throw new AuthError(`No Ignisign v4 API key or app secret for environment "${environment.name}".`, 'Set it with "E-Sign Drafts: Set Credentials…" (or ESIGN_DRAFTS_SECRET for the CLI): an skv2_… API key, or an app secret.');
    // An API key is the bearer itself: nothing to exchange.
    if (isApiKey(credentials.secret)) return { token: credentials.secret };
    const missing = appSecretNeeds(environment);
    if (missing) throw new AuthError(`The credential is not an skv2_… API key, so it is used as an app secret, and ${missing}.`, 'Add appId and appEnv to the environment, or use an skv2_… API key instead.');
    return appApiLogin(send, ignisignV4Send.tokenUrl(environment, baseUrl), environment, credentials.secret, {
      credential: 'app secret',
      refusedHint: 'Check that the secret belongs to this app and environment (or use an skv2_… API key), then set it again with "Set Credentials…".',
    });
  },
  // An API key does not expire like a JWT; only a login token can be outdated.
  isOutdatedToken: (exchange) => exchange.status === 401 && errorCode(exchange.body) === 'OUTDATED_AUTH_JWT_TOKEN',
  summarize,
  // IgnisignSignatureRequest_Publish_ResponseDTO (public-models fa00391): signersEmbedded[].token.
  answerSecrets: (body) => tokensIn(body, 'signersEmbedded'),
  localSandbox: (port) => ({
    environment: { name: 'local-sandbox', provider: 'ignisign-v4', baseUrl: sandboxIgnisignBaseUrl(port), appId: SANDBOX_IGNISIGN_CREDENTIALS.appId, appEnv: SANDBOX_IGNISIGN_CREDENTIALS.appEnv, origin: 'builtin' },
    credentials: { secret: SANDBOX_IGNISIGN_API_KEY },
  }),
};
