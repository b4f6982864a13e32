/**
 * The local sandbox's fixed, documented facts: port, fake credentials and seeded ids.
 *
 * Kept free of imports on purpose: the extension reads it at activation (to build the built-in
 * `local-sandbox` environments) and must not pull in the server, Ajv or the schemas for that.
 * docs/sandbox.md lists the same values for users; change both together.
 */

/** Port `esign-drafts sandbox` listens on unless given --port. */
export const DEFAULT_SANDBOX_PORT = 3737;

/** The sandbox only ever binds to loopback. */
export const SANDBOX_HOST = '127.0.0.1';

/** Fake Ignisign application credentials the sandbox accepts on POST /v3/auth/app-api. */
export const SANDBOX_IGNISIGN_CREDENTIALS = {
  appId: 'appId_sandbox',
  appEnv: 'DEVELOPMENT',
  secret: 'sk_development_sandbox_e5ign_drafts_not_a_real_secret',
} as const;

/**
 * Fake Ignisign v4 API key, sent as the bearer directly, no login. It has the official form
 * `skv2_<appEnv>_<appId without "appId_">_<secret>`, from which the official SDK reads the app and
 * environment (`ignisign/ignisign-node` 5eaf588, `exportAppIdAndEnv`): development, appId_sandbox.
 * The v4 routes also take the app secret's JWT, as the real API does.
 */
export const SANDBOX_IGNISIGN_API_KEY = 'skv2_development_sandbox_e5igndraftsnotarealkey';

/** Fake Zigned API client the sandbox accepts on POST /oauth/token. */
export const SANDBOX_ZIGNED_CREDENTIALS = {
  clientId: 'sandbox_client_e5ign_drafts',
  clientSecret: 'sandbox_secret_e5ign_drafts_not_a_real_secret',
} as const;

/** Seeded Ignisign signature requests. Drafts accept updates; the others answer SIGNATURE_REQUEST_BAD_STATUS. */
export const SANDBOX_IGNISIGN_IDS = {
  draftIds: ['65f1c2a9e4b0a1b2c3d4e5f6', '65f1c2a9e4b0a1b2c3d4e5f8'],
  nonDraftIds: ['65f1c2a9e4b0a1b2c3d4e5f9'],
} as const;

/** Seeded Zigned agreements. draftIds are the updatable ones (status draft or open). */
export const SANDBOX_ZIGNED_IDS = {
  draftIds: ['clx0f3k2p0000abcd1234efgh', 'clx0f3k2p0001abcd1234efgh', 'clx0f3k2p0002abcd1234efgh'],
  nonDraftIds: ['clx0f3k2p0003abcd1234efgh', 'clx0f3k2p0004abcd1234efgh'],
} as const;

/** Base URL of the emulated Ignisign API (paths start with /v3, or /v4 for Ignisign v4). */
export function sandboxIgnisignBaseUrl(port: number = DEFAULT_SANDBOX_PORT): string {
  return `http://${SANDBOX_HOST}:${port}`;
}

/** Base URL of the emulated Zigned API; its token URL is /oauth/token on the same origin. */
export function sandboxZignedBaseUrl(port: number = DEFAULT_SANDBOX_PORT): string {
  return `http://${SANDBOX_HOST}:${port}/rest/v3`;
}
