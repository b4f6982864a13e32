/**
 * A scripted HTTP(S) peer on loopback for the fault suite (test/unit/faults.engine.test.ts and
 * test/unit/faults.cli.test.ts): it answers the two login flows well enough for the PUT to be
 * reached, and each test scripts what the PUT (or the login) gets instead of a healthy answer.
 *
 * Bounded by construction: it listens on 127.0.0.1 (or localhost) port 0 only, every timer it
 * starts is cleared and every socket destroyed by close(), and streamed bodies have a fixed size.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** The cases the fault suite proves; test titles start with the id (e.g. "F01 connection refused: …"). */
export interface FaultCase {
  id: string;
  title: string;
  /** What the peer (or the network) does. */
  fault: string;
  /** What the send must report. */
  expected: string;
}

export const FAULT_CASES: readonly FaultCase[] = [
  { id: 'F01', title: 'connection refused', fault: 'nothing listens on the port', expected: "kind 'network', \"Connection refused by …\"; CLI exit 3" },
  { id: 'F02', title: 'host name does not resolve', fault: 'baseUrl on a .invalid host (approved, so the trust check passes); DNS fails', expected: "kind 'network', \"could not be resolved (ENOTFOUND)\"; CLI exit 3" },
  { id: 'F03', title: 'no response headers within the timeout', fault: 'the PUT is read but never answered', expected: "kind 'timeout', \"No answer … within …\", the PUT is sent once only; CLI exit 3" },
  { id: 'F04', title: 'body stalls halfway', fault: 'headers and half the declared body, then silence', expected: "kind 'timeout', \"… answered 200 but the body stopped …\"; CLI exit 3" },
  { id: 'F05', title: 'connection reset mid-body', fault: 'part of the body (Content-Length, chunked; or deflate headers and no byte), then socket.destroy()', expected: "kind 'network', \"… was reset before the answer was complete\"; CLI exit 3" },
  { id: 'F06', title: '500 with an HTML body', fault: '500 text/html', expected: "kind 'http', explanation \"internal error … try again later\", body kept as text; CLI exit 1" },
  { id: 'F07', title: '502 Bad Gateway', fault: '502 JSON error', expected: "kind 'http', explanation says try again later; CLI exit 1" },
  { id: 'F08', title: '503 Service Unavailable', fault: '503 without Retry-After', expected: "kind 'http', not retried; CLI exit 1" },
  { id: 'F09', title: '504 Gateway Timeout', fault: '504 JSON error', expected: "kind 'http', not retried; CLI exit 1" },
  { id: 'F10', title: '429 with Retry-After in seconds', fault: '429 Retry-After: 1, then 200', expected: 'one wait and one re-send, 200, a note says so; CLI exit 0' },
  { id: 'F11', title: '429 with Retry-After as an HTTP date', fault: '429 Retry-After: <date 2 s ahead>, then 200', expected: 'one wait and one re-send, 200; CLI exit 0' },
  { id: 'F12', title: '429 without Retry-After', fault: '429, no Retry-After', expected: "kind 'http', not retried (one PUT); CLI exit 1" },
  { id: 'F13', title: '429 whose Retry-After exceeds the time left', fault: '429 Retry-After: 120', expected: "kind 'http', not retried, a note says why; CLI exit 1" },
  { id: 'F14', title: '429 again after the retry', fault: '429 Retry-After: 1, twice', expected: "kind 'http' 429 after exactly two PUTs (retry once only); CLI exit 1" },
  { id: 'F15', title: 'body labelled JSON that is not JSON', fault: '200 application/json "{not json"', expected: 'ok, body kept as text, no parsed body; CLI exit 0' },
  { id: 'F16', title: 'gzip-encoded body', fault: 'Content-Encoding: gzip', expected: 'decoded and parsed; CLI exit 0' },
  { id: 'F17', title: 'deflate-encoded body', fault: 'Content-Encoding: deflate (zlib and raw)', expected: 'decoded and parsed; CLI exit 0' },
  { id: 'F18', title: 'br-encoded body', fault: 'Content-Encoding: br', expected: 'decoded and parsed; CLI exit 0' },
  { id: 'F19', title: 'chunked body', fault: 'Transfer-Encoding: chunked, several chunks with pauses', expected: 'reassembled and parsed; CLI exit 0' },
  { id: 'F20', title: '30 MB body', fault: '200 with a 30 MB body', expected: 'ok, truncated: only DEFAULT_MAX_BODY_BYTES kept, a note and the CLI ("truncated") say it was cut; CLI exit 0' },
  { id: 'F21', title: '307 redirect to another host', fault: 'the PUT (or a login; the draft GET in cli.draftIntegrity.test.ts) gets 307/308 to http://localhost:<other port>', expected: "kind 'redirect', not followed: the message names the Location (credentials in it masked) and says nothing was re-sent there; the other host gets no request; CLI exit 3" },
  { id: 'F22', title: 'TLS certificate expired', fault: 'https peer, CA-signed certificate that expired in 2020', expected: "kind 'tls', message says the certificate has expired; CLI exit 3" },
  { id: 'F23', title: 'TLS certificate self-signed', fault: 'https peer, self-signed certificate', expected: "kind 'tls', message says self-signed; CLI exit 3" },
  { id: 'F24', title: 'TLS certificate for another host', fault: 'https peer, CA-signed certificate for wrong.example', expected: "kind 'tls', message says the certificate is for another host name; CLI exit 3" },
  { id: 'F25', title: 'TLS opt-out per environment', fault: 'the self-signed peer, environment "rejectUnauthorized": false', expected: 'ok (200); CLI exit 0' },
  { id: 'F26', title: 'wrong secret', fault: 'the sandbox refuses the Ignisign secret / the Zigned client secret', expected: "kind 'auth', \"refused the …\" + what to check; CLI exit 3" },
  { id: 'F27', title: 'token endpoint 5xx', fault: 'POST /v3/auth/app-api and POST /oauth/token answer 503', expected: "kind 'auth', \"… failed with 503 …\", try again later; no PUT; CLI exit 3" },
  { id: 'F28', title: 'token answer without a token', fault: 'login answers 200 {} (no jwtToken / access_token)', expected: "kind 'auth', \"answered 200 without …\"; no PUT; CLI exit 3" },
  { id: 'F29', title: 'token answer not JSON', fault: 'login answers 200 text/html', expected: "kind 'auth', \"answered 200 without …\"; no PUT; CLI exit 3" },
  { id: 'F30', title: 'token outdated once', fault: 'the first PUT gets the outdated-token 401, the second 200', expected: 'renewed once, ok, a note says so; CLI exit 0' },
  { id: 'F31', title: 'token refused again after renewal', fault: 'every PUT gets the outdated-token 401', expected: "kind 'auth', \"refused the renewed token\", exactly 2 logins and 2 PUTs; CLI exit 3" },
  { id: 'F32', title: 'login error echoes the secret', fault: "Ignisign's login answers 401 with the posted secret in `message`; Zigned's token endpoint 401 with the client secret in `error_description`", expected: "kind 'auth', the secret replaced by *** in the message (and everywhere else); CLI exit 3" },
  { id: 'F33', title: 'answer reflects the Authorization header', fault: 'the PUT answers with the bearer token in its body (a JSON string, a sentence) and in a response header', expected: 'the token replaced by *** in the body text, the parsed body, the headers and the log; CLI exit per the status' },
  { id: 'F34', title: 'response headers over the limit after the PUT', fault: 'the PUT is answered with 40 KB of headers (more than Node reads)', expected: "kind 'network', the message says the PUT was sent and the update may already have been applied (check before sending again); CLI exit 3" },
  { id: 'F35', title: 'answer nested 5000 levels deep', fault: '200 application/json [[[…]]] 5000 levels deep', expected: 'ok, body kept as text (not parsed) with a note naming the depth limit; history can store it; CLI exit 0 with valid JSON' },
];

export interface PeerRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Answers one request; may answer late, halfway, or never (close() cleans up). */
export type PeerHandler = (req: PeerRequest, res: http.ServerResponse, peer: FaultPeer) => void;

interface Route {
  method: string;
  path: RegExp;
  handler: PeerHandler;
  /** One-shot routes are used once and take precedence over persistent ones. */
  once: boolean;
}

export interface FaultPeerOptions {
  /** 127.0.0.1 (default) or localhost (a different host name for the redirect case). */
  host?: '127.0.0.1' | 'localhost' | '127.0.0.2';
  /** PEM key and certificate: an https peer. */
  tls?: { key: string; cert: string };
}

/** A JWT whose exp is far in the future (unsigned: the engine only reads exp). */
export function farFutureJwt(n: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'fault-peer', n, exp: 4_102_444_800 })}.sig`;
}

export class FaultPeer {
  readonly requests: PeerRequest[] = [];
  private routes: Route[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private issued = 0;
  private closing?: Promise<void>;

  private constructor(
    private readonly server: http.Server | https.Server,
    readonly origin: string,
  ) {}

  static async start(options: FaultPeerOptions = {}): Promise<FaultPeer> {
    const host = options.host ?? '127.0.0.1';
    const started: { peer?: FaultPeer } = {};
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1024 * 1024) chunks.push(chunk);
      });
      req.on('error', () => res.destroy());
      req.on('end', () => started.peer!.dispatch({ method: (req.method ?? 'GET').toUpperCase(), path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }, res));
    };
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
    // A failed handshake (the client refused our certificate) is expected in the TLS cases.
    server.on('tlsClientError', () => undefined);
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    const port = (server.address() as AddressInfo).port;
    started.peer = new FaultPeer(server, `${options.tls ? 'https' : 'http'}://${host}:${port}`);
    return started.peer;
  }

  get port(): number {
    return Number(new URL(this.origin).port);
  }
  /** Ignisign's base URL on this peer (its paths start with /v3). */
  get ignisignBaseUrl(): string {
    return this.origin;
  }
  /** Zigned's base URL on this peer; the token endpoint is /oauth/token on the same origin. */
  get zignedBaseUrl(): string {
    return `${this.origin}/rest/v3`;
  }

  /** Every matching request gets this handler (until reset). */
  on(method: string, pathPattern: RegExp, handler: PeerHandler): this {
    this.routes.push({ method: method.toUpperCase(), path: pathPattern, handler, once: false });
    return this;
  }

  /** The next matching request gets this handler (queued one-shots are used in order). */
  once(method: string, pathPattern: RegExp, handler: PeerHandler): this {
    this.routes.push({ method: method.toUpperCase(), path: pathPattern, handler, once: true });
    return this;
  }

  /** Routes back to the healthy defaults, request log cleared. */
  reset(): void {
    this.routes = [];
    this.requests.length = 0;
  }

  count(method: string, pathPattern: RegExp = /./): number {
    return this.requests.filter((r) => r.method === method.toUpperCase() && pathPattern.test(r.path)).length;
  }

  /** A timer that close() clears. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private dispatch(req: PeerRequest, res: http.ServerResponse): void {
    this.requests.push(req);
    const route = this.routes.find((r) => r.once && r.method === req.method && r.path.test(req.path)) ?? this.routes.find((r) => !r.once && r.method === req.method && r.path.test(req.path));
    if (route?.once) this.routes.splice(this.routes.indexOf(route), 1);
    try {
      (route?.handler ?? healthy)(req, res, this);
    } catch (error) {
      reply.json(500, { message: `fault peer handler failed: ${String(error)}` })(req, res, this);
    }
  }

  /** A fresh token for the default logins. */
  issueToken(): string {
    return farFutureJwt(++this.issued);
  }
}

/** The healthy defaults: both logins and both PUTs. */
const healthy: PeerHandler = (req, res, peer) => {
  if (req.method === 'POST' && req.path === '/v3/auth/app-api') return reply.json(200, { jwtToken: peer.issueToken() })(req, res, peer);
  if (req.method === 'POST' && req.path === '/oauth/token') return reply.json(200, { access_token: peer.issueToken(), token_type: 'Bearer', expires_in: 3600 })(req, res, peer);
  const ignisign = /^\/v3\/signature-requests\/([^/?]+)/.exec(req.path);
  if (req.method === 'PUT' && ignisign) return reply.json(200, { _id: decodeURIComponent(ignisign[1]), status: 'DRAFT', title: 'fault peer' })(req, res, peer);
  const zigned = /^\/rest\/v3\/agreements\/([^/?]+)/.exec(req.path);
  if (req.method === 'PUT' && zigned) return reply.json(200, { version: 'v3', result_type: 'agreement', resource_type: 'agreement', data: { id: decodeURIComponent(zigned[1]), status: 'draft' } })(req, res, peer);
  reply.json(404, { message: `fault peer: no route for ${req.method} ${req.path}` })(req, res, peer);
};

/** Canned behaviours for PeerHandler slots. */
export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): PeerHandler {
    return (_req, res) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
    };
  },
  text(status: number, contentType: string, text: string, headers: Record<string, string> = {}): PeerHandler {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers }).end(text);
    };
  },
  /** Reads the request and never answers (no status line, no headers). */
  stall(): PeerHandler {
    return () => undefined;
  },
  /** Headers and the first half of the declared body, then silence. */
  stallBody(body: string): PeerHandler {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
    };
  },
  /**
   * Part of the body, then the socket is destroyed (a reset mid-body). 'deflate-headers-only':
   * deflate-encoded headers and no body byte at all before the reset (node-fetch waits for a first
   * byte before it resolves such a response).
   */
  resetMidBody(body: string, framing: 'content-length' | 'chunked' | 'deflate-headers-only'): PeerHandler {
    return (_req, res, peer) => {
      if (framing === 'deflate-headers-only') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate', 'content-length': String(Buffer.byteLength(body)) });
        res.flushHeaders();
        return void peer.later(20, () => res.socket?.destroy());
      }
      res.writeHead(200, { 'content-type': 'application/json', ...(framing === 'content-length' ? { 'content-length': String(Buffer.byteLength(body)) } : {}) });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => peer.later(20, () => res.socket?.destroy()));
    };
  },
  /** A JSON body compressed with Content-Encoding gzip, deflate (zlib-wrapped or raw) or br. */
  encoded(encoding: 'gzip' | 'deflate' | 'deflate-raw' | 'br', body: unknown): PeerHandler {
    return (_req, res) => {
      const raw = Buffer.from(JSON.stringify(body));
      const data = encoding === 'gzip' ? zlib.gzipSync(raw) : encoding === 'deflate' ? zlib.deflateSync(raw) : encoding === 'deflate-raw' ? zlib.deflateRawSync(raw) : zlib.brotliCompressSync(raw);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding === 'deflate-raw' ? 'deflate' : encoding, 'content-length': data.length }).end(data);
    };
  },
  /** Transfer-Encoding: chunked, one chunk per part, `gapMs` apart. */
  chunked(parts: string[], gapMs = 20): PeerHandler {
    return (_req, res, peer) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const next = (i: number) => {
        if (i === parts.length) return void res.end();
        res.write(parts[i]);
        peer.later(gapMs, () => next(i + 1));
      };
      next(0);
    };
  },
  /** A body of `totalBytes`, streamed with backpressure (never held whole by the peer either). */
  large(totalBytes: number): PeerHandler {
    return (_req, res) => {
      const block = Buffer.alloc(64 * 1024, 'x'.charCodeAt(0));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': totalBytes });
      let sent = 0;
      const pump = () => {
        while (sent < totalBytes) {
          const part = block.subarray(0, Math.min(block.length, totalBytes - sent));
          sent += part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = totalBytes));
      pump();
    };
  },
  /** A 200 whose JSON body nests `depth` arrays deep. */
  nested(depth: number): PeerHandler {
    return reply.text(200, 'application/json', '['.repeat(depth) + ']'.repeat(depth));
  },
  /** The request's Authorization header written back, in the body (a JSON string, and in a sentence) and in a response header. */
  reflectAuthorization(status = 200): PeerHandler {
    return (req, res) => {
      const authorization = String(req.headers.authorization ?? '');
      const text = JSON.stringify({ _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', echo: { authorization }, message: `you sent ${authorization}` });
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-echo-authorization': authorization }).end(text);
    };
  },
  /** Answers with `totalBytes` of headers (Node's client reads 16 KB by default). */
  headerOverflow(totalBytes = 40 * 1024): PeerHandler {
    return (_req, res) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': '2' };
      for (let i = 0; i * 1024 < totalBytes; i++) headers[`x-filler-${i}`] = 'f'.repeat(1000);
      res.writeHead(200, headers).end('{}');
    };
  },
  redirect(status: 301 | 302 | 303 | 307 | 308, location: string): PeerHandler {
    return (_req, res) => {
      res.writeHead(status, { location, 'content-length': 0 }).end();
    };
  },
};

/** Logins refused with the posted secret written back, as some servers do in their error text. */
export const ECHO_SECRET = {
  ignisign: ((req, res, peer) => {
    const secret = String((JSON.parse(req.body || '{}') as { secret?: unknown }).secret);
    reply.json(401, { statusCode: 401, code: 'AUTHENTICATION_FAILED', message: `Invalid secret "${secret}" for this application` })(req, res, peer);
  }) as PeerHandler,
  zigned: ((req, res, peer) => {
    const form = new URLSearchParams(req.body);
    reply.json(401, { error: 'invalid_client', error_description: `client ${form.get('client_id')} with secret ${form.get('client_secret')} is unknown (posted: ${req.body})` })(req, res, peer);
  }) as PeerHandler,
};

/** Ignisign's and Zigned's answers for an outdated token. */
export const OUTDATED = {
  ignisign: reply.json(401, { statusCode: 401, code: 'OUTDATED_AUTH_JWT_TOKEN', message: 'The bearer token has expired.' }),
  zigned: reply.json(401, { version: 'v3', result_type: 'error', error: { code: 401, message: 'The access token has expired.' } }, { 'www-authenticate': 'Bearer error="invalid_token"' }),
};

export interface TestCertificates {
  dir: string;
  /** The test CA (trust it with NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Signed by the CA, valid for localhost/127.0.0.1, expired in 2020. */
  expired: { key: string; cert: string };
  /** Self-signed, valid for localhost/127.0.0.1. */
  selfSigned: { key: string; cert: string };
  /** Signed by the CA, valid now, for wrong.example only. */
  wrongHost: { key: string; cert: string };
}

/**
 * Generates the TLS fixtures with openssl into a fresh temp dir. Throws (the tests fail, they
 * do not skip) when openssl is missing.
 */
export function makeTestCertificates(tmpRoot: string): TestCertificates {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'esign-fault-tls-'));
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 20_000 });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (e.code === 'ENOENT') throw new Error('The TLS fault cases need `openssl` to generate certificates, and it is not on PATH: install it (e.g. apt-get install openssl). These cases fail rather than skip.');
      throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`);
    }
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const local = 'subjectAltName=DNS:localhost,IP:127.0.0.1';
  openssl('req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=E-Sign Drafts fault CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-x509', ...key, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=localhost', '-addext', local);
  fs.writeFileSync(path.join(dir, 'local.ext'), `${local}\n`);
  fs.writeFileSync(path.join(dir, 'wrong.ext'), 'subjectAltName=DNS:wrong.example\n');
  openssl('req', ...key, '-keyout', 'wrong.key', '-out', 'wrong.csr', '-subj', '/CN=wrong.example');
  openssl('x509', '-req', '-in', 'wrong.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-out', 'wrong.pem', '-days', '2', '-extfile', 'wrong.ext');
  // `openssl ca` takes explicit validity dates: a certificate that really expired in 2020.
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '03\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    ['[ca]', 'default_ca = fault_ca', '[fault_ca]', `database = ${path.join(dir, 'index.txt')}`, `new_certs_dir = ${dir}`, `serial = ${path.join(dir, 'serial')}`, 'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', ''].join('\n'),
  );
  openssl('req', ...key, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost');
  openssl('ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', 'local.ext');
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    expired: { key: read('expired.key'), cert: read('expired.pem') },
    selfSigned: { key: read('self.key'), cert: read('self.pem') },
    wrongHost: { key: read('wrong.key'), cert: read('wrong.pem') },
  };
}

/**
 * Mocha hooks for a describe block of TLS cases: the certificates are made once (failing, not
 * skipping, without openssl) and every https peer started through it is closed afterwards.
 */
export function tlsFixtures(): { readonly certs: TestCertificates; tlsPeer(pair: { key: string; cert: string }): Promise<FaultPeer> } {
  let certs: TestCertificates | undefined;
  const peers: FaultPeer[] = [];
  before(function () {
    this.timeout(30_000);
    certs = makeTestCertificates(os.tmpdir());
  });
  after(async () => {
    await Promise.all(peers.map((p) => p.close()));
    if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
  });
  return {
    get certs(): TestCertificates {
      if (!certs) throw new Error('the TLS certificates are made in the before() hook of this describe block');
      return certs;
    },
    async tlsPeer(pair) {
      const started = await FaultPeer.start({ tls: pair });
      peers.push(started);
      return started;
    },
  };
}

/** Result of a child process: exit code (null when killed), output, and whether the time limit killed it. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs node with args, killed after `limitMs`; only PATH and the given variables in its environment. */
export function runNode(args: string[], options: { cwd: string; env?: Record<string, string>; limitMs: number }): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.limitMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
