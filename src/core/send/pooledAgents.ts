import http = require('node:http');
import https = require('node:https');
import type { Socket } from 'node:net';
import { urlParts } from './urlParts';

/**
 * Keep-alive agents per origin and TLS setting, as a browser or REST client keeps them: a
 * re-send pays no new handshake. Each agent hands a new connection to the exchange whose request
 * it opens it for, so that the exchange can report the connection's phases.
 *
 * The request's owner is known two ways: `nextRequestOwner` while node-fetch creates the request
 * (Node hands it to the agent at once), or `claimRequest` once the exchange holds its request (VS
 * Code's proxy support hands it to the agent later; a request queued for a free socket gets one
 * later too).
 */
export interface ExchangeWatcher {
  /** A new connection was opened for this exchange. */
  watchSocket(socket: Socket): void;
}

export type TimedAgent = (http.Agent | https.Agent) & { nextRequestOwner?: ExchangeWatcher };

const owners = new WeakMap<http.ClientRequest, ExchangeWatcher>();

/** Records which exchange a request belongs to (for agents that see it later). */
export function claimRequest(request: http.ClientRequest, owner: ExchangeWatcher): void {
  owners.set(request, owner);
}

const agents = new Map<string, TimedAgent>();

/** The options every pooled agent is made with (a proxy's agent too). */
export type PooledAgentOptions = http.AgentOptions & { rejectUnauthorized: boolean };

/**
 * Routes a URL through a proxy: the proxy's URL (which also keys the pool) and how to make an
 * agent for it, or undefined to go direct. Set by the CLI from HTTPS_PROXY/HTTP_PROXY/NO_PROXY
 * (cli/proxyAgents.ts); never in the extension, where VS Code's own proxy support applies.
 */
export type ProxyRoute = (url: string) => { proxy: string; agent: (options: PooledAgentOptions) => http.Agent } | undefined;
let proxyRoute: ProxyRoute | undefined;

/** Sets (or, with undefined, removes) the proxy route; the agents made before are closed. */
export function setProxyRoute(route: ProxyRoute | undefined): void {
  if (route === proxyRoute) return;
  closeIdleConnections();
  proxyRoute = route;
}

/** The proxy `url` goes through, as host:port (never its credentials), or undefined when it goes direct. */
export function proxyHostFor(url: string): string | undefined {
  const proxy = proxyRoute?.(url)?.proxy;
  if (!proxy) return undefined;
  try {
    return new URL(proxy).host;
  } catch {
    return 'the proxy';
  }
}

export function pooledAgent(url: string, rejectUnauthorized: boolean): TimedAgent {
  const parts = urlParts(url);
  if (!parts) throw new TypeError('Invalid URL');
  const proxied = proxyRoute?.(url);
  const key = `${parts.origin}|${rejectUnauthorized}${proxied ? `|${proxied.proxy}` : ''}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 8, keepAliveMsecs: 1000, rejectUnauthorized };
    // A proxy's agent opens its connections itself: an exchange through it learns no connect phases.
    agent = (proxied ? proxied.agent(options) : parts.protocol === 'https:' ? new TimedHttpsAgent(options) : new TimedHttpAgent(options)) as TimedAgent;
    agents.set(key, agent);
  }
  return agent;
}

/** Closes idle kept-alive connections (extension deactivation, end of a CLI run, tests). */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

function timedAgent<T extends new (...args: any[]) => http.Agent>(Base: T) {
  return class extends Base {
    nextRequestOwner?: ExchangeWatcher;
    /** The owner of the request being added, and whether Node gave it a socket at once. */
    private adding?: ExchangeWatcher;
    private addingServed = false;
    /** Whose request a connection is being opened for (set around Node's createSocket). */
    private openingFor?: ExchangeWatcher;

    addRequest(req: http.ClientRequest, options: unknown): void {
      const owner = this.nextRequestOwner;
      this.nextRequestOwner = undefined;
      this.adding = owner;
      this.addingServed = false;
      try {
        (Base.prototype as any).addRequest.call(this, req, options);
      } finally {
        // Queued for a socket (all in use): Node opens one for it later, by request.
        if (owner && !this.addingServed) owners.set(req, owner);
        this.adding = undefined;
      }
    }

    // Node calls this from addRequest when a kept-alive socket serves the request.
    override reuseSocket(socket: Socket, req: http.ClientRequest): void {
      this.addingServed = true;
      (Base.prototype as any).reuseSocket.call(this, socket, req);
    }

    // Node opens a connection for a given request: from addRequest, or later for a queued one.
    createSocket(req: http.ClientRequest, options: unknown, callback: unknown): void {
      this.addingServed = true;
      this.openingFor = this.adding ?? owners.get(req);
      try {
        (Base.prototype as any).createSocket.call(this, req, options, callback);
      } finally {
        this.openingFor = undefined;
      }
    }

    override createConnection(options: any, callback?: any): any {
      const socket = (Base.prototype as any).createConnection.call(this, options, callback);
      this.openingFor?.watchSocket(socket);
      return socket;
    }
  };
}

const TimedHttpAgent = timedAgent(http.Agent);
const TimedHttpsAgent = timedAgent(https.Agent);
