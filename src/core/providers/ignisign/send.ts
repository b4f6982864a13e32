import { detectDrift } from '../../send/drift';
import { displayableUrl, SecretMask } from '../../send/secretMask';
import { jwtExpiry } from '../../send/tokenCache';
import type { EnvironmentConfig, ErrorExplanation, HttpExchange, ResponseSummary } from '../../send/types';
import { answerOf, AuthError, type SendProfile } from '../sendProfile';
import { SANDBOX_IGNISIGN_CREDENTIALS, sandboxIgnisignBaseUrl } from '../../send/localSandbox';
import { responseSchema } from './schemas';

export const APP_ENVS = ['DEVELOPMENT', 'STAGING', 'PRODUCTION'];

export type ErrorGuide = Record<string, { meaning: string; whatToChange: string }>;

/**
 * Ignisign error codes (ignisign-public-models `src/_commons/ignisign-errors.public.ts` at 010088f)
 * explained for people. Documents are created with `POST /v{3,4}/applications/:appId/envs/:appEnv/init-documents`
 * (ignisign-node `src/ignisign-sdk.constant.ts`, `initializeDocument`).
 */
const ERRORS: ErrorGuide = {
  BODY_VALIDATION_FAILED: { meaning: 'The API refused the body: a field has the wrong type, value or name.', whatToChange: 'Fix the fields listed below (the editor\'s diagnostics flag most of them before sending).' },
  SIGNATURE_REQUEST_NOT_FOUND: { meaning: 'No signature request has this id in this application and environment.', whatToChange: 'Check $request.id, and that the environment (appId, appEnv) is the one the request was created in.' },
  SIGNATURE_REQUEST_BAD_STATUS: { meaning: 'The signature request is no longer a DRAFT, and only drafts can be updated.', whatToChange: 'Create a new signature request, or target one that has not been published yet.' },
  DOCUMENT_NOT_FOUND: { meaning: 'A document id in the body does not belong to this signature request.', whatToChange: 'Use the ids of documents created for this request (POST /v3/applications/:appId/envs/:appEnv/init-documents with { signatureRequestId }), in documentIds and statements[].documentId.' },
  SIGNER_NOT_FOUND: { meaning: 'A signer id in the body is unknown in this application and environment.', whatToChange: 'Create the signer first (POST /v3/applications/:appId/envs/:appEnv/signers) and use its id in signerIds / signersAsApprover.' },
  AUTH_HEADER_NOT_FOUND: { meaning: 'The request had no Authorization header.', whatToChange: 'Set the API secret for this app and environment (E-Sign Drafts: Set Credentials…).' },
  AUTH_HEADER_NOT_BEARER: { meaning: 'The Authorization header was not a bearer token.', whatToChange: 'Set the API secret for this app and environment (E-Sign Drafts: Set Credentials…).' },
  INVALID_AUTH_JWT_TOKEN: { meaning: 'The API did not accept the token.', whatToChange: 'Check that the secret belongs to this appId and appEnv; set it again with Set Credentials….' },
  OUTDATED_AUTH_JWT_TOKEN: { meaning: 'The token had expired.', whatToChange: 'Send again: a new token is requested automatically.' },
};

export function errorCode(body: unknown): string | undefined {
  const code = (body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "Wait 2 s", "Wait until Wed, 21 Oct 2026 07:28:00 GMT", or "Wait" (Retry-After is seconds or an HTTP date). */
function waitPhrase(retryAfter: string | undefined): string {
  if (!retryAfter) return 'Wait';
  return /^\s*\d+\s*$/.test(retryAfter) ? `Wait ${retryAfter.trim()} s` : `Wait until ${retryAfter}`;
}

function explain(exchange: HttpExchange, errors: ErrorGuide): ErrorExplanation {
  const body = exchange.body as { message?: unknown; code?: unknown; context?: any } | undefined;
  const code = errorCode(body);
  const known = code ? errors[code] : undefined;
  const paths: string[] = [];
  const problems = Array.isArray(body?.context?.errors) ? body!.context.errors : [];
  for (const problem of problems) if (typeof problem?.path === 'string') paths.push(problem.path);
  const serverMessage = typeof body?.message === 'string' ? body.message : undefined;
  if (known) return { code, meaning: known.meaning + (serverMessage ? ` (${serverMessage})` : ''), whatToChange: known.whatToChange, paths };
  if (exchange.status === 429) return { code, meaning: 'Too many requests.', whatToChange: `${waitPhrase(exchange.responseHeaders['retry-after'])} and send again.`, paths };
  if (exchange.status === 502 || exchange.status === 504) return { code, meaning: `A gateway in front of Ignisign got no good answer from it (${exchange.status} ${exchange.statusText}); the update may or may not have been applied.`, whatToChange: 'Try again later; check the request first if the update must not be applied twice.', paths };
  if (exchange.status === 503) return { code, meaning: 'Ignisign is unavailable for now (503).', whatToChange: `${waitPhrase(exchange.responseHeaders['retry-after'])} and send again.`, paths };
  if (exchange.status >= 500) return { code, meaning: `Ignisign had an internal error (${exchange.status}).`, whatToChange: 'Try again later; if it persists, contact Ignisign with the timestamp.', paths };
  return { code, meaning: serverMessage ?? `The API answered ${exchange.status} ${exchange.statusText}.`, whatToChange: 'See the body below.', paths };
}

/** Ignisign's reading of an answer (v3 and v4 share the error shape and the context's main fields). */
export function summarizeIgnisign(exchange: HttpExchange, contextSchema: Record<string, unknown>, errors: ErrorGuide): ResponseSummary {
  if (exchange.status < 200 || exchange.status >= 300) {
    return { title: `Error ${exchange.status}${errorCode(exchange.body) ? ` · ${errorCode(exchange.body)}` : ''}`, fields: [], drift: [], explanation: explain(exchange, errors) };
  }
  const context = exchange.body as Record<string, any> | undefined;
  if (!context || typeof context !== 'object') return { title: 'Updated (no JSON body)', fields: [], drift: [] };
  const signers: any[] = Array.isArray(context.signers) ? context.signers : [];
  const documents: any[] = Array.isArray(context.documents) ? context.documents : [];
  const person = (s: any) => [s?.firstName, s?.lastName].filter(Boolean).join(' ') || s?.email || s?.signerId || '?';
  const fields = [
    { label: 'Status', value: String(context.status ?? '—') },
    { label: 'Title', value: String(context.title ?? '—') },
    { label: 'Signers', value: signers.length ? `${signers.length}: ${signers.map(person).join(', ')}` : (context.signerIds?.length ? `${context.signerIds.length} id(s)` : 'none') },
    { label: 'Documents', value: documents.length ? `${documents.length}: ${documents.map((d) => d?.label ?? d?.fileName ?? d?._id ?? '?').join(', ')}` : (context.documentIds?.length ? `${context.documentIds.length} id(s)` : 'none') },
    { label: 'Expiration', value: context.expirationDateIsActivated ? String(context.expirationDate ?? 'activated, no date') : 'off' },
    { label: 'Diffusion', value: context.diffusionMode === 'SCHEDULED' ? `scheduled ${context.diffusionDate ?? '(no date)'}` : String(context.diffusionMode ?? 'WHEN_READY') },
  ];
  return { title: `Signature request ${context._id ?? ''}`.trim(), fields, drift: detectDrift(contextSchema, context) };
}

function summarize(exchange: HttpExchange): ResponseSummary {
  return summarizeIgnisign(exchange, responseSchema(), ERRORS);
}

/** The signing tokens of a publish answer's signer list (`list[].token`): credentials of the embedded integration. */
export function tokensIn(body: unknown, list: string): string[] {
  const signers = (body as Record<string, unknown> | undefined)?.[list];
  if (!Array.isArray(signers)) return [];
  return signers.map((s) => (s as { token?: unknown } | null)?.token).filter((t): t is string => typeof t === 'string' && t !== '');
}

/** " (the body is not JSON: text/html)" for a login answer that could not be read, else "". */
export function notJson(exchange: HttpExchange): string {
  return exchange.body === undefined ? ` (the body is not JSON${exchange.responseHeaders['content-type'] ? `: ${exchange.responseHeaders['content-type']}` : ''})` : '';
}

/** Where a login redirect pointed, with any credentials in the URL masked. */
export function redirectTarget(exchange: HttpExchange): string {
  const location = exchange.responseHeaders['location'];
  return location ? displayableUrl(location, exchange.url, new SecretMask()) : 'nowhere';
}

/**
 * The JWT login of Ignisign's app API (`POST /v3|v4/auth/app-api` with `{ appId, appEnv, secret }`
 * → `{ jwtToken }`), shared by the v3 and v4 profiles: what each answer means is the same in both.
 */
export async function appApiLogin(
  send: Parameters<SendProfile['login']>[0],
  url: string,
  environment: EnvironmentConfig,
  secret: string,
  wording: { credential: string; refusedHint: string },
): Promise<{ token: string; expiresAt?: number }> {
  const exchange = await send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ appId: environment.appId, appEnv: environment.appEnv, secret }),
    secretHeaders: [],
    credentialsInBody: true,
  });
  const body = exchange.body as { jwtToken?: unknown; message?: unknown; code?: unknown } | undefined;
  if (exchange.status >= 200 && exchange.status < 300) {
    if (typeof body?.jwtToken !== 'string' || !body.jwtToken) throw new AuthError(`Ignisign's login answered ${exchange.status} without a "jwtToken"${notJson(exchange)}.`, 'Check that the base URL points at the Ignisign API.');
    return { token: body.jwtToken, expiresAt: jwtExpiry(body.jwtToken) };
  }
  if (exchange.status >= 300 && exchange.status < 400) {
    throw new AuthError(`Ignisign's login answered ${exchange.status} ${exchange.statusText}, a redirect to ${redirectTarget(exchange)}: the ${wording.credential} was not sent there.`, 'If that address is the real Ignisign API, set the environment\'s baseUrl to it.');
  }
  const detail = [body?.code, body?.message].filter((x) => typeof x === 'string').join(': ');
  if (exchange.status === 401 || exchange.status === 403 || exchange.status === 400) {
    throw new AuthError(`Ignisign refused the ${wording.credential} for app ${environment.appId} (${environment.appEnv})${detail ? ` — ${detail}` : ''}.`, wording.refusedHint, answerOf(exchange.status, body?.code));
  }
  throw new AuthError(`Ignisign's login failed with ${exchange.status} ${exchange.statusText}${detail ? ` — ${detail}` : ''}: no token, so the update was not sent.`, 'Try again later; if it persists, check Ignisign\'s status page.', answerOf(exchange.status, body?.code));
}

export const ignisignSend: SendProfile = {
  defaultBaseUrl: 'https://api.ignisign.io',
  officialHosts: ['api.ignisign.io'],
  // An API secret belongs to one application and one of its environments.
  credentialScope: (environment) => `${environment.appId ?? ''}.${environment.appEnv ?? ''}`,
  credentialFields: [{ key: 'secret', label: 'API secret', envVar: 'ESIGN_DRAFTS_SECRET', placeholder: 'sk_development_…' }],
  validateEnvironment(environment) {
    if (!environment.appId) return `Environment "${environment.name}" needs "appId": the Ignisign application the secret belongs to.`;
    if (!environment.appEnv || !APP_ENVS.includes(environment.appEnv)) return `Environment "${environment.name}" needs "appEnv": one of ${APP_ENVS.join(', ')}.`;
    return undefined;
  },
  tokenUrl: (_environment, baseUrl) => `${baseUrl.replace(/\/+$/, '')}/v3/auth/app-api`,
  updateUrl: (baseUrl, targetId) => `${baseUrl.replace(/\/+$/, '')}/v3/signature-requests/${encodeURIComponent(targetId)}`,
  tokenCacheKey: (environment, baseUrl) => `ignisign|${baseUrl}|${environment.appId}|${environment.appEnv}`,
  async login(send, environment, baseUrl, credentials) {
    if (!credentials.secret) throw new AuthError(`No Ignisign API secret for app ${environment.appId} (${environment.appEnv}).`, 'Set it with "E-Sign Drafts: Set Credentials…" (or ESIGN_DRAFTS_SECRET for the CLI).');
    return appApiLogin(send, ignisignSend.tokenUrl(environment, baseUrl), environment, credentials.secret, {
      credential: 'API secret',
      refusedHint: 'Check that the secret belongs to this app and environment, then set it again with "Set Credentials…".',
    });
  },
  isOutdatedToken: (exchange) => exchange.status === 401 && errorCode(exchange.body) === 'OUTDATED_AUTH_JWT_TOKEN',
  summarize,
  // The v3 publish answer's signers[].token (ignisign-node, before 4d74921).
  answerSecrets: (body) => tokensIn(body, 'signers'),
  localSandbox: (port) => ({
    environment: { name: 'local-sandbox', provider: 'ignisign', baseUrl: sandboxIgnisignBaseUrl(port), appId: SANDBOX_IGNISIGN_CREDENTIALS.appId, appEnv: SANDBOX_IGNISIGN_CREDENTIALS.appEnv, origin: 'builtin' },
    credentials: { secret: SANDBOX_IGNISIGN_CREDENTIALS.secret },
  }),
};
