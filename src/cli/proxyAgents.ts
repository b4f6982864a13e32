import type * as http from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { setProxyRoute, type PooledAgentOptions } from '../core/send/pooledAgents';
import { anyProxySet, proxyForUrl, proxyVariableProblem } from '../core/send/proxyFromEnv';
import { UsageError } from './usageError';

/**
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY for the CLI's requests (send, pull, diff,
 * publish), read from `env` (the process's variables over a --dotenv file's). An https target is
 * reached through a CONNECT tunnel, so the proxy sees only the host and port, and TLS is between
 * the CLI and the target; an http target (loopback never goes through a proxy) is sent to the
 * proxy with its absolute URL. These agents live in the CLI's bundles only: the extension relies
 * on VS Code's proxy support.
 */
export function useEnvironmentProxies(env: NodeJS.ProcessEnv): void {
  // A proxy the agents cannot use is a usage error before any request (exit 2), not a failed send.
  const problem = proxyVariableProblem(env);
  if (problem) throw new UsageError(`${problem}.`);
  setProxyRoute(
    anyProxySet(env)
      ? (url) => {
          const proxy = proxyForUrl(url, env);
          if (!proxy) return undefined;
          return { proxy, agent: (options) => (url.startsWith('https:') ? httpsThrough(proxy, options) : new HttpProxyAgent(proxy, options)) };
        }
      : undefined,
  );
}

/**
 * https-proxy-agent applies its options to the connection to the proxy; the target's TLS takes
 * only what the request says. The environment's rejectUnauthorized (false for a staging host
 * with a private CA) is the target's, so it is added to every tunnelled connection.
 */
function httpsThrough(proxy: string, options: PooledAgentOptions): http.Agent {
  const { rejectUnauthorized, ...agentOptions } = options;
  class TunnelAgent extends HttpsProxyAgent<string> {
    override connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
      return super.connect(req, opts.secureEndpoint ? { ...opts, rejectUnauthorized } : opts);
    }
  }
  return new TunnelAgent(proxy, agentOptions);
}
