import { detectDrift } from '../../send/drift';
import { displayableUrl, SecretMask } from '../../send/secretMask';
import type { ErrorExplanation, HttpExchange, ResponseSummary } from '../../send/types';
import { answerOf, AuthError, type SendProfile } from '../sendProfile';
import { SANDBOX_ZIGNED_CREDENTIALS, sandboxZignedBaseUrl } from '../../send/localSandbox';
import { responseSchema } from './schemas';

function zignedError(body: unknown): { code?: number; message?: string; details?: { path?: string }[] } {
  const error = (body as { error?: any } | undefined)?.error;
  return typeof error === 'object' && error !== null ? error : {};
}

/** "Wait 2 s", "Wait until <HTTP date>", or "Wait" (Retry-After is seconds or an HTTP date). */
function waitPhrase(retryAfter: string | undefined): string {
  if (!retryAfter) return 'Wait';
  return /^\s*\d+\s*$/.test(retryAfter) ? `Wait ${retryAfter.trim()} s` : `Wait until ${retryAfter}`;
}

function explain(exchange: HttpExchange): ErrorExplanation {
  const error = zignedError(exchange.body);
  const paths = Array.isArray(error.details) ? error.details.map((d) => d?.path).filter((p): p is string => typeof p === 'string') : [];
  const server = typeof error.message === 'string' ? ` (${error.message})` : '';
  switch (exchange.status) {
    case 400:
      return { code: '400', meaning: `The API refused the update${server}.`, whatToChange: /status|draft|open/i.test(error.message ?? '') ? 'Only agreements in draft or open status can be updated: reopen it (lifecycle "open") or target another agreement.' : 'Fix the fields listed (the editor flags most of them before sending).', paths };
    case 401:
      return { code: '401', meaning: `The access token was missing, invalid or expired${server}.`, whatToChange: 'Check the client id and secret (E-Sign Drafts: Set Credentials…).', paths };
    case 403:
      return { code: '403', meaning: `This API client may not change this agreement${server}.`, whatToChange: 'Use the client the agreement was created with.', paths };
    case 404:
      return { code: '404', meaning: `No agreement has this id for this client${server}.`, whatToChange: 'Check $request.id and the environment.', paths };
    case 409:
      return { code: '409', meaning: `The agreement is not in a state that allows updates${server}.`, whatToChange: 'Only draft or open agreements can be updated.', paths };
    case 429:
      return { code: '429', meaning: 'Too many requests.', whatToChange: `${waitPhrase(exchange.responseHeaders['retry-after'])} and send again.`, paths };
    default:
      return { code: String(exchange.status), meaning: `The API answered ${exchange.status} ${exchange.statusText}${server}.`, whatToChange: exchange.status >= 500 ? 'Try again later; quote the request_id to Zigned support if it persists.' : 'See the body below.', paths };
  }
}

function summarize(exchange: HttpExchange): ResponseSummary {
  if (exchange.status < 200 || exchange.status >= 300) return { title: `Error ${exchange.status}`, fields: [], drift: [], explanation: explain(exchange) };
  const envelope = exchange.body as { data?: Record<string, any> } | undefined;
  const data = envelope?.data;
  if (!data || typeof data !== 'object') return { title: 'Updated (no agreement in the body)', fields: [], drift: detectDrift(responseSchema(), envelope) };
  const participants = Array.isArray(data.participants) ? data.participants : [];
  const fields = [
    { label: 'Status', value: String(data.status ?? '—') },
    { label: 'Trust level', value: String(data.trust_level ?? '—') },
    { label: 'Participants', value: participants.length ? `${participants.length}: ${participants.map((p: any) => (typeof p === 'string' ? p : p?.name ?? p?.email ?? p?.id ?? '?')).join(', ')}` : 'none' },
    { label: 'Expires at', value: data.expires_at ? String(data.expires_at) : 'no expiry' },
    { label: 'Test mode', value: data.test_mode === true ? 'yes (development client)' : data.test_mode === false ? 'no — a live agreement' : '—' },
  ];
  return { title: `Agreement ${data.id ?? ''}`.trim(), fields, drift: detectDrift(responseSchema(), envelope) };
}

/** Where a login redirect pointed, with any credentials in the URL masked. */
function redirectTarget(exchange: HttpExchange): string {
  const location = exchange.responseHeaders['location'];
  return location ? displayableUrl(location, exchange.url, new SecretMask()) : 'nowhere';
}

export const zignedSend: SendProfile = {
  defaultBaseUrl: 'https://api.zigned.se/rest/v3',
  officialHosts: ['api.zigned.se'],
  credentialScope: (environment) => environment.name,
  credentialFields: [
    { key: 'clientId', label: 'client id', envVar: 'ESIGN_DRAFTS_CLIENT_ID', placeholder: 'OAuth client id' },
    { key: 'clientSecret', label: 'client secret', envVar: 'ESIGN_DRAFTS_CLIENT_SECRET', placeholder: 'OAuth client secret' },
  ],
  validateEnvironment: () => undefined,
  // README.md (Settings): /oauth/token on the base URL's origin unless the environment sets tokenUrl.
  tokenUrl: (environment, baseUrl) => environment.tokenUrl ?? `${new URL(baseUrl).origin}/oauth/token`,
  updateUrl: (baseUrl, targetId) => `${baseUrl.replace(/\/+$/, '')}/agreements/${encodeURIComponent(targetId)}`,
  tokenCacheKey: (environment, baseUrl, credentials) => `zigned|${zignedSend.tokenUrl(environment, baseUrl)}|${credentials.clientId ?? ''}`,
  async login(send, environment, baseUrl, credentials) {
    if (!credentials.clientId || !credentials.clientSecret) {
      throw new AuthError(`No Zigned client id and secret for environment "${environment.name}".`, 'Set them with "E-Sign Drafts: Set Credentials…" (or ESIGN_DRAFTS_CLIENT_ID / ESIGN_DRAFTS_CLIENT_SECRET for the CLI).');
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
    const exchange = await send({ method: 'POST', url: zignedSend.tokenUrl(environment, baseUrl), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString(), secretHeaders: [], credentialsInBody: true });
    const body = exchange.body as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (exchange.status >= 200 && exchange.status < 300) {
      if (typeof body?.access_token !== 'string' || !body.access_token) {
        const notJson = exchange.body === undefined ? ` (the body is not JSON${exchange.responseHeaders['content-type'] ? `: ${exchange.responseHeaders['content-type']}` : ''})` : '';
        throw new AuthError(`Zigned's token endpoint answered ${exchange.status} without an "access_token"${notJson}.`, 'Check the base URL and tokenUrl of the environment.');
      }
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
      return { token: body.access_token, expiresAt: expiresIn !== undefined ? Date.now() + expiresIn * 1000 : undefined };
    }
    if (exchange.status >= 300 && exchange.status < 400) {
      throw new AuthError(`Zigned's token endpoint answered ${exchange.status} ${exchange.statusText}, a redirect to ${redirectTarget(exchange)}: the client secret was not sent there.`, 'If that address is the real token endpoint, set the environment\'s tokenUrl to it.');
    }
    const detail = [body?.error, body?.error_description].filter((x) => typeof x === 'string').join(': ');
    if (exchange.status === 400 || exchange.status === 401) {
      throw new AuthError(`Zigned refused the client credentials${detail ? ` — ${detail}` : ''}.`, 'Check the client id and secret, then set them again with "Set Credentials…".', answerOf(exchange.status, body?.error));
    }
    throw new AuthError(`Zigned's token endpoint failed with ${exchange.status} ${exchange.statusText}${detail ? ` — ${detail}` : ''}: no token, so the update was not sent.`, 'Try again later; if it persists, check Zigned\'s status page.', answerOf(exchange.status, body?.error));
  },
  // Zigned documents no body for 401; any 401 with a cached token is worth one renewal.
  isOutdatedToken: (exchange) => exchange.status === 401,
  summarize,
  localSandbox: (port) => ({
    environment: { name: 'local-sandbox', provider: 'zigned', baseUrl: sandboxZignedBaseUrl(port), origin: 'builtin' },
    credentials: { clientId: SANDBOX_ZIGNED_CREDENTIALS.clientId, clientSecret: SANDBOX_ZIGNED_CREDENTIALS.clientSecret },
  }),
};
