import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SANDBOX_PORT, SANDBOX_HOST } from '../core/send/localSandbox';
import { CONTROL_PREFIX, handleControl, resetAll, type SandboxControls } from './controlRoutes';
import { browserRequestProblem } from './browserGuard';
import { describeSandbox, type SandboxDescription } from './description';
import { familyError, familyOfPath, type RouteFamily } from './errors';
import { FaultQueue, type SandboxFault } from './faults';
import { MAX_BODY_BYTES, readBody, writeReply, type SandboxReply, type SandboxRequest } from './http';
import { handleIgnisign } from './ignisignRoutes';
import { maskedPath } from './logMasking';
import { RequestLog, type LoggedRequest } from './requestLog';
import { DEFAULT_TOKEN_LIFETIMES, SandboxState } from './state';
import { isLoopbackHost } from '../core/send/trust';
import { handleZignedApi, handleZignedOAuth } from './zignedRoutes';

export type { SandboxDescription } from './description';
export type { SandboxFault } from './faults';
export type { LoggedRequest } from './requestLog';

export interface SandboxOptions {
  /** Default DEFAULT_SANDBOX_PORT (3737); 0 picks a free port. */
  port?: number;
  /** Loopback only; the option exists to make that explicit at call sites. */
  host?: '127.0.0.1';
  /**
   * Lifetime of issued access tokens, both APIs, for testing expiry (opt-in). Without it: Ignisign
   * JWTs live 3600 s (their lifetime is not documented), Zigned tokens ZIGNED_TOKEN_LIFETIME_SECONDS,
   * as documented. 0 issues tokens that are already expired.
   */
  tokenLifetimeSeconds?: number;
  /** The clock used for date checks and timestamps (tests). */
  now?: () => Date;
  /** Called after each API request is answered (the CLI prints these). Control requests are not reported. */
  onExchange?: (exchange: SandboxExchange) => void;
}

export interface SandboxExchange {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface RunningSandbox {
  readonly port: number;
  readonly description: SandboxDescription;
  /** Requests received so far (oldest first), Authorization masked. A snapshot: read it again after more requests. */
  readonly requests: readonly LoggedRequest[];
  /** Answer the next `times` (default 1) matching requests with this status; throws on an invalid fault. */
  injectFault(fault: SandboxFault): void;
  /** Every token issued so far becomes outdated (Ignisign: OUTDATED_AUTH_JWT_TOKEN, Zigned: 401). */
  expireTokens(): void;
  /** Seed data back; pending faults and the request log cleared. Tokens stay valid. */
  reset(): void;
  clearRequests(): void;
  close(): Promise<void>;
}

/** Starts the emulator of both APIs on 127.0.0.1. Rejects with the listen error (e.g. EADDRINUSE). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const port = options.port ?? DEFAULT_SANDBOX_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid sandbox port ${port}: expected an integer from 0 to 65535.`);
  const lifetime = options.tokenLifetimeSeconds;
  if (lifetime !== undefined && (!Number.isFinite(lifetime) || lifetime < 0)) throw new RangeError(`Invalid tokenLifetimeSeconds ${lifetime}: expected a number ≥ 0.`);

  const state = new SandboxState(lifetime === undefined ? DEFAULT_TOKEN_LIFETIMES : { ignisign: lifetime, zigned: lifetime }, options.now);
  const faults = new FaultQueue();
  const log = new RequestLog();
  const controls: SandboxControls = { state, faults, log, description: describeSandbox(port) };

  const server = createServer((req, res) => {
    handleRequest(req, res, controls, options.onExchange).catch(() => {
      // Only reading the body can fail here (client went away): nothing left to answer.
      res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    // Malformed HTTP: answer once, politely, instead of letting Node drop the socket silently.
    const body = JSON.stringify({ status: 400, message: 'Malformed HTTP request.' });
    if (socket.writable) {
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SANDBOX_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, a server error must not crash the host process (the extension, a test run).
  server.on('error', () => undefined);

  const actualPort = (server.address() as AddressInfo).port;
  controls.description = describeSandbox(actualPort);
  let closing: Promise<void> | undefined;

  return {
    port: actualPort,
    description: controls.description,
    get requests() {
      return log.list();
    },
    injectFault: (fault) => {
      faults.add(fault);
    },
    expireTokens: () => {
      state.tokens.expireAll();
    },
    reset: () => resetAll(controls),
    clearRequests: () => log.clear(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, controls: SandboxControls, onExchange: SandboxOptions['onExchange']): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawPath = req.url ?? '/';
  const path = pathOf(rawPath);
  const family = familyOfPath(path);
  const read = await readBody(req);
  const sandboxRequest: SandboxRequest = { method, path, rawPath, headers: req.headers, body: read.ok ? read.body : Buffer.alloc(0) };

  let reply: SandboxReply;
  let report = true;
  let crossSite: string | undefined;
  try {
    if (!isLoopbackHostHeader(req.headers.host)) {
      // DNS rebinding guard: a web page must not reach the sandbox through a name it controls.
      reply = familyError(family, 403, `Host "${req.headers.host}" is not allowed: the sandbox answers only to 127.0.0.1, localhost and [::1].`);
    } else if ((crossSite = browserRequestProblem(method, req.headers, req.socket.localPort ?? 0, isControl(path))) !== undefined) {
      // A web page (a form POST, a link) must not drive the sandbox: answered, not acted upon, not logged.
      report = !isControl(path);
      reply = familyError(isControl(path) ? undefined : family, 403, crossSite);
    } else if (isControl(path)) {
      report = false;
      reply = read.ok ? handleControl(sandboxRequest, controls) : familyError(undefined, 413, 'Control request body too large.');
    } else if (path === '/' && method === 'GET') {
      report = false;
      reply = { status: 200, body: controls.description };
    } else {
      controls.log.add(sandboxRequest, read.ok ? undefined : `[body of ${read.receivedBytes} bytes not kept: over the ${MAX_BODY_BYTES}-byte limit]`);
      reply = read.ok ? (controls.faults.take(family, method, path) ?? route(family, sandboxRequest, controls)) : tooLarge(family, read.receivedBytes);
    }
  } catch (error) {
    // A bug in a handler must cost one request, not the sandbox.
    reply = familyError(family, 500, `Sandbox internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  writeReply(res, reply);
  // The path as the log shows it: a token in the query must not reach the terminal either.
  if (report && onExchange) onExchange({ method, path: maskedPath(sandboxRequest), status: reply.status, durationMs: Date.now() - started });
}

function route(family: RouteFamily | undefined, req: SandboxRequest, controls: SandboxControls): SandboxReply {
  switch (family) {
    case 'ignisign':
      return handleIgnisign(req, controls.state);
    case 'zigned':
      return handleZignedApi(req, controls.state);
    case 'zigned-oauth':
      return handleZignedOAuth(req, controls.state);
    default:
      return familyError(undefined, 404, `Cannot ${req.method} ${req.path}: not an Ignisign (/v3/…, /v4/…) or Zigned (/rest/v3/…, /oauth/token) route.`);
  }
}

function tooLarge(family: RouteFamily | undefined, bytes: number): SandboxReply {
  return familyError(family, 413, `Request body of ${bytes} bytes is over the sandbox's ${MAX_BODY_BYTES}-byte limit.`);
}

function isControl(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/** The path without query, normalised as URL does (dot segments), still percent-encoded. */
function pathOf(rawPath: string): string {
  try {
    return new URL(rawPath, 'http://127.0.0.1').pathname;
  } catch {
    return rawPath.split('?')[0];
  }
}

/** A Host header naming loopback (the trust rules' own test, port removed); none counts as loopback. */
function isLoopbackHostHeader(host: string | undefined): boolean {
  return !host || isLoopbackHost(host.replace(/:\d+$/, ''));
}
