import type { ProviderProfile } from '../providers/types';
import { providerIdList } from '../providers/registry';
import type { EnvironmentConfig } from './types';

export const LOCAL_SANDBOX = 'local-sandbox';

/**
 * Checks one `esignDrafts.environments` / config entry and returns it typed, or a message
 * saying what is wrong and what is expected.
 */
export function parseEnvironment(raw: unknown, origin: EnvironmentConfig['origin']): { environment?: EnvironmentConfig; problem?: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'an environment must be an object like { "name": "staging", "provider": "ignisign", … }' };
  const entry = raw as Record<string, unknown>;
  if (typeof entry.name !== 'string' || !entry.name.trim()) return { problem: 'an environment needs a "name"' };
  if (typeof entry.provider !== 'string') return { problem: `environment "${entry.name}" needs a "provider" (${providerIdList()})` };
  for (const key of ['baseUrl', 'tokenUrl'] as const) {
    const value = entry[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return { problem: `environment "${entry.name}": "${key}" must be an http(s) URL, got ${JSON.stringify(value)}` };
    // Checked before anything echoes the value: a password in it would be printed.
    if (hasUserInfo(value)) return { problem: userInfoProblem(entry.name, key) };
    try {
      new URL(value);
    } catch {
      return { problem: `environment "${entry.name}": "${key}" is not a valid URL (${value})` };
    }
  }
  const variables: Record<string, string> = {};
  if (entry.variables !== undefined) {
    if (typeof entry.variables !== 'object' || entry.variables === null || Array.isArray(entry.variables)) return { problem: `environment "${entry.name}": "variables" must be an object of strings` };
    for (const [k, v] of Object.entries(entry.variables)) {
      if (typeof v !== 'string') return { problem: `environment "${entry.name}": variable "${k}" must be a string, got ${JSON.stringify(v)}` };
      variables[k] = v;
    }
  }
  return {
    environment: {
      name: entry.name,
      provider: entry.provider,
      baseUrl: entry.baseUrl as string | undefined,
      tokenUrl: entry.tokenUrl as string | undefined,
      appId: typeof entry.appId === 'string' ? entry.appId : undefined,
      appEnv: typeof entry.appEnv === 'string' ? entry.appEnv : undefined,
      production: entry.production === true,
      variables,
      rejectUnauthorized: entry.rejectUnauthorized === false ? false : undefined,
      origin,
    },
  };
}

/**
 * `user:password@` (or `user@`) before the host. A URL is printed (text output, JSON
 * `request.url`), copied as cURL, logged and kept in history: a password in it would show in all
 * of them, and the APIs do not take credentials there anyway. Refused rather than masked
 * everywhere, so that no output can forget to mask it. Read on the text as written, up to the
 * first `/`, `?` or `#` after the scheme (where WHATWG URL parsing ends the authority, `\\`
 * included), so that an `@` later in a path or query is not mistaken for one.
 */
function hasUserInfo(url: string): boolean {
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(url.trim())?.[1] ?? '';
  return authority.includes('@');
}

function userInfoProblem(name: string, key: 'baseUrl' | 'tokenUrl'): string {
  return `environment "${name}": "${key}" holds a user name or password (user:password@host), which would be printed, copied and kept in history with the URL; remove it (the value is not shown here) and give the credentials as credentials (the extension: Set Credentials…; the CLI: ESIGN_DRAFTS_SECRET, ESIGN_DRAFTS_CLIENT_ID, ESIGN_DRAFTS_CLIENT_SECRET)`;
}

/**
 * The environments a provider can send to: the built-in `local-sandbox` first, then the
 * configured ones. A configured entry named `local-sandbox` only adds variables to the built-in
 * one (it cannot move the sandbox elsewhere).
 */
export function environmentsFor(profile: ProviderProfile, configured: readonly EnvironmentConfig[], sandboxPort: number): EnvironmentConfig[] {
  const sandbox = profile.send.localSandbox(sandboxPort).environment;
  const override = configured.find((e) => e.provider === profile.id && e.name === LOCAL_SANDBOX);
  const builtIn: EnvironmentConfig = { ...sandbox, variables: { ...override?.variables } };
  return [builtIn, ...configured.filter((e) => e.provider === profile.id && e.name !== LOCAL_SANDBOX)];
}

export function baseUrlOf(profile: ProviderProfile, environment: EnvironmentConfig): string {
  return (environment.baseUrl ?? profile.send.defaultBaseUrl).replace(/\/+$/, '');
}

/** The CLI's secret variables: a suffix with the environment's name wins over the plain one. */
export function envVarNames(base: string, environmentName: string): string[] {
  const suffix = environmentName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return [`${base}_${suffix}`, base];
}
