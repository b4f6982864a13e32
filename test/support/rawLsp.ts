import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The built CLI (node scripts/build.mjs writes it). */
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface ResponseMessage {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * A language client that writes whatever it is given: `esign-drafts lsp --stdio` in a child
 * process, spoken to with raw framed JSON-RPC (vscode-jsonrpc's own client would reshape wrong
 * parameters before they left). It answers the server's requests (settings from `settings`, no
 * variables), keeps the notifications it receives, and pairs every request with its answer.
 */
export class RawLspClient {
  readonly child: ChildProcess;
  /** Every notification the server sent, in order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** What the server wrote on stderr. */
  stderr = '';
  settings: unknown = {};
  /** Answers the server's requests other than workspace/configuration (default: null). */
  answer: (method: string, params: unknown) => unknown = () => null;
  /** Which notifications are kept in `notifications` (a long fuzz run keeps few); all are counted. */
  keep: (method: string, params: unknown) => boolean = () => true;
  /** How many notifications the server sent. */
  notificationCount = 0;
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number | string, (response: ResponseMessage) => void>();
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(cwd: string) {
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => void (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-65_536)));
    // A write after the server died must fail the test that made it, not the test process.
    this.child.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Writes one framed message: any JSON text (a string) or any value (serialised). */
  sendRaw(message: unknown): void {
    const body = Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8');
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  notify(method: string, params?: unknown): void {
    this.sendRaw(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Sends a request and resolves with its answer (result or error); rejects if the server exits first. */
  request(method: string, params?: unknown): Promise<ResponseMessage> {
    const id = this.nextId++;
    const answered = new Promise<ResponseMessage>((resolve, reject) => {
      this.pending.set(id, resolve);
      void this.exited.then((code) => reject(new Error(`the server exited (${code}) before answering ${method} #${id}; stderr: ${this.stderr.slice(-2000)}`)));
    });
    this.sendRaw(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    return answered;
  }

  /** Resolves once a notification satisfies `test` (those already received count); bounded by `maxMessages` more messages. */
  async waitForNotification(test: (n: { method: string; params: unknown }) => boolean, maxMessages = 10_000): Promise<{ method: string; params: unknown }> {
    for (let seen = 0; seen <= maxMessages; seen++) {
      const found = this.notifications.find(test);
      if (found) return found;
      if (!this.alive) throw new Error(`the server exited; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        void this.exited.then(wake);
      });
    }
    throw new Error('no such notification');
  }

  /** The diagnostics published for a URI, the `count`-th time they were. */
  async diagnostics(uri: string, count = 1): Promise<{ code: string; message: string }[]> {
    const published = () => this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri);
    await this.waitForNotification(() => published().length >= count);
    return (published()[count - 1].params as { diagnostics: { code: string; message: string }[] }).diagnostics;
  }

  async initialize(rootUri: string, capabilities: unknown = { workspace: { configuration: true, workspaceFolders: true } }, initializationOptions?: unknown): Promise<void> {
    const answer = await this.request('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'root' }], capabilities, initializationOptions });
    if (answer.error) throw new Error(`initialize: ${answer.error.message}`);
    this.notify('initialized', {});
  }

  /** Resident memory of the server process in bytes (Linux: /proc/<pid>/status), or undefined elsewhere. */
  residentBytes(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Asks the server to shut down and exit; resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      await this.request('shutdown').catch(() => undefined);
      this.notify('exit');
    }
    return this.exited;
  }

  kill(): void {
    if (this.alive) this.child.kill();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: ResponseMessage['error'] });
    }
  }

  private dispatch(message: { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: ResponseMessage['error'] }): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server.
      const result = message.method === 'workspace/configuration' ? ((message.params as { items?: unknown[] })?.items ?? []).map(() => this.settings) : this.answer(message.method, message.params);
      this.sendRaw({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    if (message.method !== undefined) {
      this.notificationCount++;
      if (this.keep(message.method, message.params)) this.notifications.push({ method: message.method, params: message.params });
      for (const wake of [...this.waiters]) wake();
      return;
    }
    const resolve = message.id === undefined || message.id === null ? undefined : this.pending.get(message.id);
    if (resolve) {
      this.pending.delete(message.id!);
      resolve(message as ResponseMessage);
    }
  }
}
