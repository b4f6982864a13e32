import { isLoopbackHost } from './trust';

/**
 * Which proxy, if any, carries a request, from the conventional environment variables
 * (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY, upper or lower case), read the way curl reads
 * them (https://curl.se/docs/manpage.html#ENVIRONMENT, https://curl.se/libcurl/c/CURLOPT_NOPROXY.html).
 *
 * The variables are read from the object given, not from process.env: the CLI's environment is
 * the process's variables over the values of an --env-file. Only the CLI asks: the extension
 * leaves proxies to VS Code, which patches Node's http/https for the user's proxy settings.
 *
 * A proxy only carries the connection: the target origin is still what the trust rules judge.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The value of `name`, lower case first; an empty value counts as unset. */
function variable(env: Env, name: string): string | undefined {
  return [env[name.toLowerCase()], env[name.toUpperCase()]].find((value) => value?.trim())?.trim();
}

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy'];

/** Whether any proxy variable is set (then every request asks proxyForUrl). */
export function anyProxySet(env: Env): boolean {
  return PROXY_VARIABLES.some((name) => variable(env, name) !== undefined);
}

/**
 * What is wrong with a proxy variable that is set, or undefined: it must be an http:// or
 * https:// URL (or a bare host:port). Says which variable, never its value (it may hold a password).
 */
export function proxyVariableProblem(env: Env): string | undefined {
  for (const name of PROXY_VARIABLES) {
    const value = variable(env, name);
    if (value === undefined) continue;
    const which = env[name] !== undefined && env[name]!.trim() ? name : name.toUpperCase();
    let parsed: URL;
    try {
      parsed = new URL(withScheme(value));
    } catch {
      return `${which} is not a URL (expected http://host:port, or http://user:password@host:port)`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${which} names a ${parsed.protocol.replace(/:$/, '')} proxy; only http:// and https:// proxies are supported`;
  }
  return undefined;
}

/** "proxy.corp:3128" means an http proxy, as curl reads it. */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** The proxy URL for `url`, or undefined when it goes direct (no proxy set, NO_PROXY, loopback). */
export function proxyForUrl(url: string, env: Env): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = target.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const port = Number(target.port || (scheme === 'https' ? 443 : 80));
  if (bypassesProxy(target.hostname, port, variable(env, 'no_proxy'))) return undefined;
  const proxy = variable(env, `${scheme}_proxy`) ?? variable(env, 'all_proxy');
  return proxy === undefined ? undefined : withScheme(proxy);
}

/**
 * Whether a host goes direct. Loopback always does (the local sandbox, a tunnel on this
 * machine): a proxy elsewhere cannot reach this machine's loopback. NO_PROXY is a list
 * separated by commas or spaces; each entry is
 * - `*`: every host;
 * - a host name or address, which also covers its subdomains (`example.com` covers
 *   `api.example.com`), with a leading `.` or `*.` meaning the same (`.example.com`);
 * - an IP address in brackets or not (`[::1]`, `10.0.0.7`), matched exactly;
 * - any of these with `:port`, which then only covers that port.
 * Case does not matter, nor a trailing dot on the host.
 */
export function bypassesProxy(hostname: string, port: number, noProxy: string | undefined): boolean {
  const host = normaliseHost(hostname);
  if (isLoopbackHost(host)) return true;
  if (!noProxy) return false;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const pattern = normaliseHost(name.replace(/^\*?\./, ''));
    if (!pattern) continue;
    if (host === pattern || host.endsWith(`.${pattern}`)) return true;
  }
  return false;
}

/** `host:port`, `[v6]:port`, `[v6]`, or a bare host (a bare IPv6 address has colons but no port). */
function splitPort(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1], entryPort: bracketed[2] !== undefined ? Number(bracketed[2]) : undefined };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1], entryPort: Number(withPort[2]) };
  return { name: entry };
}

function normaliseHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}
