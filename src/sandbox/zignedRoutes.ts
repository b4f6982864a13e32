import { zignedProfile } from '../core/providers/zigned/profile';
import { findUpdateBodyProblems, summariseProblems } from './bodyValidation';
import { SANDBOX_ZIGNED_CREDENTIALS } from '../core/send/localSandbox';
import type { ValidationProblem } from './errors';
import { familyError, oauthError, zignedError } from './errors';
import type { SandboxReply, SandboxRequest } from './http';
import { isPlainObject, mediaTypeOf, parseJsonBody, readBearer } from './http';
import { ZIGNED_THEME_ID } from './seed';
import type { SandboxState } from './state';
import { sameSecret } from './tokens';
import { validateCancelInput } from '../core/providers/zigned/draft';
import { applyUpdate, findFinalizeProblems, toEnvelope, touch, UPDATABLE_STATUSES } from './zignedModel';

/** Zigned v3 on the sandbox: the OAuth token endpoint, then agreements under /rest/v3. */

export function handleZignedOAuth(req: SandboxRequest, state: SandboxState): SandboxReply {
  if (req.path !== '/oauth/token' || req.method !== 'POST') {
    return familyError('zigned-oauth', 404, `Cannot ${req.method} ${req.path}: the sandbox's Zigned token endpoint is POST /oauth/token.`);
  }
  if (mediaTypeOf(req.headers) !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded (grant_type=client_credentials&client_id=…&client_secret=…).');
  }
  const form = new URLSearchParams(req.body.toString('utf8'));
  const basic = readBasicCredentials(req);
  if (basic === 'malformed') return oauthError(400, 'invalid_request', 'The Authorization header is not valid HTTP Basic client authentication.');
  const inForm = form.has('client_secret');
  // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
  if (basic && inForm) return oauthError(400, 'invalid_request', 'Client credentials were sent both in the Authorization header and in the body; use one.');
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is missing; expected grant_type=client_credentials.');
  if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported; use client_credentials.`);
  const clientId = basic ? basic.clientId : form.get('client_id');
  const clientSecret = basic ? basic.clientSecret : form.get('client_secret');
  if (!clientId || !clientSecret) return oauthError(400, 'invalid_request', 'client_id and client_secret are required (in the body, or as HTTP Basic credentials).');
  const expected = SANDBOX_ZIGNED_CREDENTIALS;
  if (clientId !== expected.clientId || !sameSecret(clientSecret, expected.clientSecret)) {
    // RFC 6749 §5.2: 401, with a Basic challenge when the client tried Basic.
    return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client_id or wrong client_secret.', basic ? { 'WWW-Authenticate': 'Basic realm="zigned-sandbox"' } : undefined);
  }
  const { accessToken, expiresIn } = state.tokens.issueZigned();
  return { status: 200, headers: { Pragma: 'no-cache' }, body: { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn } };
}


/** HTTP Basic client credentials, form-urlencoded inside as RFC 6749 §2.3.1 says; undefined when absent. */
function readBasicCredentials(req: SandboxRequest): { clientId: string; clientSecret: string } | 'malformed' | undefined {
  const header = req.headers.authorization;
  if (!header || !/^basic\s/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return 'malformed';
  }
}

export function handleZignedApi(req: SandboxRequest, state: SandboxState): SandboxReply {
  const match = /^\/rest\/v3\/agreements\/([^/]+)(\/lifecycle)?$/.exec(req.path);
  const route = match ? `${req.method} ${match[2] ?? ''}` : '';
  if (!match || !['PUT ', 'GET ', 'POST /lifecycle'].includes(route)) {
    return zignedError(404, `Cannot ${req.method} ${req.path}: no such route in the sandbox's Zigned v3 API.`);
  }
  const id = match[1];
  const unauthorized = authenticate(req, state);
  if (unauthorized) return unauthorized;
  if (route === 'PUT ') return update(req, state, id);
  if (route === 'POST /lifecycle') return lifecycle(req, state, id);
  const agreement = state.zigned.get(id);
  return agreement ? { status: 200, body: toEnvelope(agreement) } : notFound(id);
}

function notFound(id: string): SandboxReply {
  return zignedError(404, `Agreement ${id} not found.`);
}

function authenticate(req: SandboxRequest, state: SandboxState): SandboxReply | undefined {
  const bearer = readBearer(req.headers);
  const challenge = (error?: string) => ({ 'WWW-Authenticate': error ? `Bearer realm="zigned-sandbox", error="${error}"` : 'Bearer realm="zigned-sandbox"' });
  if (bearer.kind === 'missing') return zignedError(401, 'Missing access token: send "Authorization: Bearer <access_token>" from POST /oauth/token.', undefined, challenge());
  if (bearer.kind === 'not-bearer') return zignedError(401, `Unsupported authorization scheme "${bearer.scheme}": send "Authorization: Bearer <access_token>".`, undefined, challenge('invalid_request'));
  if (bearer.kind === 'empty') return zignedError(401, 'The Authorization header says Bearer but carries no token.', undefined, challenge('invalid_request'));
  const check = state.tokens.checkZigned(bearer.token);
  if (check === 'invalid') return zignedError(401, 'Invalid access token.', undefined, challenge('invalid_token'));
  if (check === 'outdated') return zignedError(401, 'The access token has expired: request a new one from POST /oauth/token.', undefined, challenge('invalid_token'));
  return undefined;
}

function validationFailed(problems: ValidationProblem[]): SandboxReply {
  return zignedError(400, `Validation failed: ${summariseProblems(problems)}.`, problems);
}

function update(req: SandboxRequest, state: SandboxState, id: string): SandboxReply {
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return validationFailed([{ path: '', message: parsed.problem }]);
  const problems = findUpdateBodyProblems(zignedProfile.updateSchema, parsed.value);
  if (problems.length > 0) return validationFailed(problems);
  const body = parsed.value as Record<string, unknown>;
  const agreement = state.zigned.get(id);
  if (!agreement) return notFound(id);
  if (!UPDATABLE_STATUSES.includes(agreement.status)) {
    return zignedError(400, `Agreement ${id} is ${agreement.status}: only agreements in draft or open status can be updated.${agreement.status === 'pending' ? ' Reopen it first with POST /agreements/:id/lifecycle { "lifecycle_state": { "status": "open" } }.' : ''}`);
  }
  // A past expires_at day is not refused: no Zigned source says the update is (its
  // expiration-dates concept page only says the time part is ignored); zigned/expires-at-in-past warns.
  const stateProblems: ValidationProblem[] = [];
  if (isPlainObject(body.theme) && typeof body.theme.id === 'string' && body.theme.id !== ZIGNED_THEME_ID) {
    stateProblems.push({ path: '/theme/id', message: `no theme with this id (the sandbox has one theme: ${ZIGNED_THEME_ID})` });
  }
  if (stateProblems.length > 0) return validationFailed(stateProblems);
  applyUpdate(agreement, body, state.now());
  return { status: 200, body: toEnvelope(agreement) };
}

const LIFECYCLE_TARGETS = ['pending', 'open', 'cancelled'];

function lifecycle(req: SandboxRequest, state: SandboxState, id: string): SandboxReply {
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return validationFailed([{ path: '', message: parsed.problem }]);
  const body = parsed.value;
  const lifecycleState = isPlainObject(body) ? body.lifecycle_state : undefined;
  if (!isPlainObject(lifecycleState)) return validationFailed([{ path: '/lifecycle_state', message: 'is required: { "status": "pending" | "open" | "cancelled" }' }]);
  const target = lifecycleState.status;
  if (typeof target !== 'string' || !LIFECYCLE_TARGETS.includes(target)) {
    return validationFailed([{ path: '/lifecycle_state/status', message: `must be one of: ${LIFECYCLE_TARGETS.map((s) => `"${s}"`).join(', ')}` }]);
  }
  // The documented cancel input (docs.zigned.se): a cancellation type, or "custom" with a 10–255 character reason.
  const inputProblem = target === 'cancelled' ? validateCancelInput(lifecycleState.input) : lifecycleState.input !== undefined ? `Lifecycle "${target}" takes no input.` : undefined;
  if (inputProblem) return validationFailed([{ path: '/lifecycle_state/input', message: inputProblem }]);
  const agreement = state.zigned.get(id);
  if (!agreement) return notFound(id);
  const refused = (why: string) => zignedError(400, `Agreement ${id} is ${agreement.status}: ${why}`);
  const now = state.now();
  switch (target) {
    case 'pending': {
      if (agreement.status !== 'draft' && agreement.status !== 'open') return refused('only a draft or open agreement can be finalised (pending).');
      const problems = findFinalizeProblems(agreement, now);
      if (problems.length > 0) return zignedError(400, `The agreement cannot be finalised: ${summariseProblems(problems)}.`, problems);
      agreement.status = 'pending';
      break;
    }
    case 'open':
      if (agreement.status !== 'pending') return refused('only a pending agreement can be reopened for editing (open).');
      agreement.status = 'open';
      break;
    default:
      if (!['draft', 'open', 'pending'].includes(agreement.status)) return refused('only a draft, open or pending agreement can be cancelled.');
      agreement.status = 'cancelled';
      agreement.cancellation_reason = cancellationReason(lifecycleState.input as Record<string, unknown>);
  }
  touch(agreement, now);
  return { status: 200, body: toEnvelope(agreement) };
}

/**
 * What the answer's cancellation_reason says: the custom reason, else the cancellation type. How
 * the real API reports it is not documented (the sandbox's choice).
 */
function cancellationReason(input: Record<string, unknown>): string {
  return input.cancellation_type === 'custom' ? String(input.reason) : String(input.cancellation_type);
}
