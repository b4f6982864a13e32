import { findUpdateBodyProblems, summariseProblems } from './bodyValidation';
import { SANDBOX_IGNISIGN_API_KEY, SANDBOX_IGNISIGN_CREDENTIALS } from '../core/send/localSandbox';
import { familyError, ignisignError } from './errors';
import type { SandboxReply, SandboxRequest } from './http';
import { isPlainObject, parseJsonBody, readBearer } from './http';
import { applyUpdate, CLOSABLE_STATUSES, findPublishProblem, findUnknownReferences, toContext as toStoredContext, type IgnisignSignatureRequest, type IgnisignWorld } from './ignisignModel';
import { type IgnisignApiVersion, ignisignVersionOf } from './ignisignVersions';
import type { SandboxState } from './state';
import { sameSecret } from './tokens';

/**
 * Ignisign v3 and v4 on the sandbox: login, update, context, publish, close, one table for both
 * prefixes (what differs is in ignisignVersions.ts). Checks run in the order a typical API
 * server runs them: authentication, then the body, then the resource, then its state.
 */
export function handleIgnisign(req: SandboxRequest, state: SandboxState): SandboxReply {
  const version = ignisignVersionOf(req.path);
  if (!version) return routeNotFound(req, undefined);
  const toContext = (world: IgnisignWorld, request: IgnisignSignatureRequest) => version.fromModel(toStoredContext(world, request), world);
  const rest = req.path.slice(version.prefix.length);
  if (rest === '/auth/app-api') {
    return req.method === 'POST' ? login(req, state) : routeNotFound(req, version);
  }
  const match = /^\/signature-requests\/([^/]+)(?:\/(context|publish|close))?$/.exec(rest);
  if (!match) return routeNotFound(req, version);
  const [, id, action] = match;
  const route = `${req.method} ${action ?? ''}`;
  if (!['PUT ', 'GET context', 'POST publish', 'POST close'].includes(route)) return routeNotFound(req, version);

  const unauthorized = authenticate(req, state, version);
  if (unauthorized) return unauthorized;

  if (route === 'PUT ') return update(req, state, id, version);
  const request = state.ignisign.requests.get(id);
  if (!request) return notFound(id);
  if (action === 'context') return { status: 200, body: toContext(state.ignisign, request) };
  if (action === 'publish') {
    const problem = findPublishProblem(request, state.now(), version.publishChecks);
    if (problem) return ignisignError(400, problem.code, problem.message, { signatureRequestId: id, status: request.status });
    // WHEN_READY goes out at once; SCHEDULED waits, ready, for its diffusion date.
    request.status = request.fields.diffusionMode === 'SCHEDULED' ? 'READY' : 'IN_PROGRESS';
    return { status: 200, body: version.publishAnswer(state.ignisign, request) };
  }
  // close
  if (!CLOSABLE_STATUSES[version.publishChecks].includes(request.status)) {
    return ignisignError(400, 'SIGNATURE_REQUEST_BAD_STATUS', `Signature request ${id} is ${request.status} and cannot be closed.`, { signatureRequestId: id, status: request.status });
  }
  request.status = 'CANCELLED';
  // The official SDK types the close answer as { signatureRequestId } (ignisign-node, before 4d74921).
  return { status: 200, body: { signatureRequestId: request._id } };
}

function routeNotFound(req: SandboxRequest, version: IgnisignApiVersion | undefined): SandboxReply {
  return familyError('ignisign', 404, `Cannot ${req.method} ${req.path}: no such route in the sandbox's ${version?.label ?? 'Ignisign'} API.`);
}

function notFound(id: string): SandboxReply {
  return ignisignError(404, 'SIGNATURE_REQUEST_NOT_FOUND', `Signature request ${id} not found.`, { signatureRequestId: id });
}


function login(req: SandboxRequest, state: SandboxState): SandboxReply {
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return ignisignError(400, 'API_AUTH_BAD_REQUEST', parsed.problem, { errors: [{ path: '', message: parsed.problem }] });
  const body = parsed.value;
  const errors = ['appId', 'appEnv', 'secret']
    .filter((key) => !isPlainObject(body) || typeof body[key] !== 'string' || body[key] === '')
    .map((key) => ({ path: `/${key}`, message: 'is required (a non-empty string)' }));
  if (!isPlainObject(body) || errors.length > 0) {
    return ignisignError(400, 'API_AUTH_BAD_REQUEST', `Expected a JSON body { appId, appEnv, secret }: ${summariseProblems(errors)}.`, { errors });
  }
  const { appId, appEnv, secret } = body as Record<string, string>;
  const expected = SANDBOX_IGNISIGN_CREDENTIALS;
  const ok = appId === expected.appId && appEnv === expected.appEnv && sameSecret(secret, expected.secret);
  if (!ok) {
    // One answer for a wrong app, environment or secret, as an auth endpoint should not say which.
    return ignisignError(401, 'AUTHENTICATION_FAILED', 'Invalid credentials: appId, appEnv and secret do not match an application environment.', { appId, appEnv });
  }
  return { status: 200, body: { jwtToken: state.tokens.issueIgnisign(appId, appEnv) } };
}

function authenticate(req: SandboxRequest, state: SandboxState, version: IgnisignApiVersion): SandboxReply | undefined {
  const bearer = readBearer(req.headers);
  const login = `POST ${version.prefix}/auth/app-api`;
  switch (bearer.kind) {
    case 'missing':
      // The enum has AUTH_HEADER_NOT_FOUND beside AUTH_HEADER_NOT_BEARER (public-models fa00391): the closer one.
      return ignisignError(401, 'AUTH_HEADER_NOT_FOUND', `Missing Authorization header: send "Authorization: Bearer <jwtToken>" from ${login}${version.acceptsApiKeys ? ', or "Bearer skv2_…" with an API key' : ''}.`);
    case 'not-bearer':
      return ignisignError(401, 'AUTH_HEADER_NOT_BEARER', `The Authorization header uses the "${bearer.scheme}" scheme; expected "Bearer <jwtToken>".`);
    case 'empty':
      return ignisignError(401, 'AUTH_HEADER_NO_TOKEN', 'The Authorization header says Bearer but carries no token.');
    case 'token': {
      // v4 API keys are bearers themselves (no login); the sandbox knows one.
      if (version.acceptsApiKeys && bearer.token.startsWith('skv2_')) {
        return sameSecret(bearer.token, SANDBOX_IGNISIGN_API_KEY) ? undefined : ignisignError(401, 'API_KEY_NOT_FOUND', 'This API key (skv2_…) is not one of this application\'s keys.');
      }
      const check = state.tokens.checkIgnisign(bearer.token);
      if (check === 'invalid') return ignisignError(401, 'INVALID_AUTH_JWT_TOKEN', 'The bearer token is not a valid JWT issued by this server.');
      if (check === 'outdated') return ignisignError(401, 'OUTDATED_AUTH_JWT_TOKEN', `The bearer token has expired: log in again with ${login}.`);
      return undefined;
    }
  }
}

function update(req: SandboxRequest, state: SandboxState, id: string, version: IgnisignApiVersion): SandboxReply {
  const toContext = (world: IgnisignWorld, request: IgnisignSignatureRequest) => version.fromModel(toStoredContext(world, request), world);
  const parsed = parseJsonBody(req);
  if (!parsed.ok) {
    return ignisignError(400, 'BODY_VALIDATION_FAILED', parsed.problem, { errors: [{ path: '', message: parsed.problem }] });
  }
  const errors = findUpdateBodyProblems(version.updateSchema, parsed.value);
  if (errors.length > 0) {
    return ignisignError(400, 'BODY_VALIDATION_FAILED', `Body validation failed: ${summariseProblems(errors)}.`, { errors });
  }
  const body = version.toModel(parsed.value as Record<string, unknown>);
  const request = state.ignisign.requests.get(id);
  if (!request) return notFound(id);
  if (request.status !== 'DRAFT') {
    return ignisignError(400, 'SIGNATURE_REQUEST_BAD_STATUS', `Signature request ${id} is ${request.status}: only a DRAFT can be updated.`, {
      signatureRequestId: id,
      status: request.status,
      expectedStatus: 'DRAFT',
    });
  }
  const reference = findUnknownReferences(state.ignisign, request, body);
  if (reference) return ignisignError(400, reference.code, reference.message, reference.context);
  applyUpdate(request, body);
  return { status: 200, body: toContext(state.ignisign, request) };
}
