import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

/**
 * Keep-alive agents per origin and TLS setting, as a browser or REST client keeps them: a
 * re-send pays no new handshake. Each agent tells an exchange which socket and which request are
 * its own: a new socket goes to the oldest exchange still waiting for one (an exchange leaves the
 * queue when a kept-alive socket serves it), and `nextRequestOwner` is given the next request
 * the agent sees.
 */
export interface ExchangeWatcher {
  /** A new connection was opened for this exchange. */
  watchSocket(socket: Socket): void;
  /** node-fetch created this exchange's request. */
  watchRequest(request: http.ClientRequest): void;
  /** The request got a kept-alive connection: no new socket is this exchange's. */
  reusesSocket(): void;
}

export type TimedAgent = (http.Agent | https.Agent) & { waiting: ExchangeWatcher[]; nextRequestOwner?: ExchangeWatcher };

const agents = new Map<string, TimedAgent>();

/** URL → origin, for the few URLs a session sends to again and again (parsing costs a send µs). */
const originsOfUrls = new Map<string, { origin: string; protocol: string }>();
const MAX_REMEMBERED_URLS = 64;

export function pooledAgent(url: string, rejectUnauthorized: boolean): TimedAgent {
  let parts = originsOfUrls.get(url);
  if (!parts) {
    const { origin, protocol } = new URL(url);
    if (originsOfUrls.size >= MAX_REMEMBERED_URLS) originsOfUrls.clear();
    originsOfUrls.set(url, (parts = { origin, protocol }));
  }
  const key = `${parts.origin}|${rejectUnauthorized}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 8, keepAliveMsecs: 1000, rejectUnauthorized };
    agent = (parts.protocol === 'https:' ? new TimedHttpsAgent(options) : new TimedHttpAgent(options)) as TimedAgent;
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
    readonly waiting: ExchangeWatcher[] = [];
    nextRequestOwner?: ExchangeWatcher;
    private adding?: ExchangeWatcher;

    // In VS Code's extension host the proxy support may hand our sockets to requests without
    // calling this: exchanges then rely on watchSocket alone.
    addRequest(req: http.ClientRequest, options: unknown): void {
      const owner = this.nextRequestOwner;
      this.nextRequestOwner = undefined;
      owner?.watchRequest(req);
      this.adding = owner;
      try {
        (Base.prototype as any).addRequest.call(this, req, options);
      } finally {
        this.adding = undefined;
      }
    }

    // Node calls this from addRequest when a kept-alive socket serves the request.
    override reuseSocket(socket: Socket, req: http.ClientRequest): void {
      this.adding?.reusesSocket();
      (Base.prototype as any).reuseSocket.call(this, socket, req);
    }

    override createConnection(options: any, callback?: any): any {
      const socket = (Base.prototype as any).createConnection.call(this, options, callback);
      this.waiting.shift()?.watchSocket(socket);
      return socket;
    }
  };
}

const TimedHttpAgent = timedAgent(http.Agent);
const TimedHttpsAgent = timedAgent(https.Agent);
