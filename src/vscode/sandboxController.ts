import http = require('node:http');
import * as vscode from 'vscode';
import { SANDBOX_HOST } from '../core/send/localSandbox';
import { isSandboxDescription, portTakenMessage } from '../core/send/sandboxProbe';
import { dialogs } from './dialogs';
import type { EnvironmentService } from './environmentService';

import type { RunningSandbox } from '../sandbox/server';

/** The probe of the configured port is a loopback round trip: a second is plenty. */
const PROBE_TIMEOUT_MS = 1000;
/** A description is a few hundred bytes; anything much larger is not our sandbox. */
const PROBE_MAX_BYTES = 64 * 1024;

type Probe = { kind: 'ours' } | { kind: 'other'; what: string } | { kind: 'free' };
/** How Start got its sandbox: already ours, someone else's reused, started, or started elsewhere because the port is taken. */
type Started = { port: number; how: 'running' | 'reused' | 'started' } | { port: number; how: 'portTaken'; heldPort: number };

/**
 * "Start Local Sandbox": reuses a sandbox already listening on the configured port (the one
 * `esign-drafts sandbox` runs), else starts the emulator of both APIs in process on a free
 * loopback port; the built-in `local-sandbox` environments then point at it.
 */
export class SandboxController implements vscode.Disposable {
  private running: RunningSandbox | undefined;
  /** The port of a sandbox someone else runs, when Start reused it. */
  private reused: number | undefined;

  constructor(private readonly environments: EnvironmentService, private readonly log: vscode.LogOutputChannel) {}

  get port(): number | undefined {
    return this.running?.port ?? this.reused;
  }

  /** The running in-process sandbox (its request log and fault controls serve the tests). */
  get instance(): RunningSandbox | undefined {
    return this.running;
  }

  async start(): Promise<number> {
    return (await this.startOrReuse()).port;
  }

  private async startOrReuse(): Promise<Started> {
    if (this.running) return { port: this.running.port, how: 'running' };
    const configured = this.environments.configuredSandboxPort;
    const probe = await probeSandbox(configured);
    if (probe.kind === 'ours') {
      this.reused = configured;
      this.environments.setSandboxPort(configured);
      this.log.info(`A local sandbox already answers on http://${SANDBOX_HOST}:${configured}: using it.`);
      return { port: configured, how: 'reused' };
    }
    // Loaded on demand: nothing of the sandbox runs until someone asks for it.
    const { startSandbox } = await import('../sandbox/server');
    const sandbox = await startSandbox({ port: 0 });
    this.running = sandbox;
    this.reused = undefined;
    this.environments.setSandboxPort(sandbox.port);
    this.log.info(`Local sandbox listening on http://${SANDBOX_HOST}:${sandbox.port} (Ignisign at /v3, Zigned at /rest/v3).`);
    if (probe.kind === 'other') {
      this.log.warn(`Port ${configured}: ${probe.what}.`);
      return { port: sandbox.port, how: 'portTaken', heldPort: configured };
    }
    return { port: sandbox.port, how: 'started' };
  }

  async startCommand(): Promise<number | undefined> {
    try {
      const started = await this.startOrReuse();
      const { port } = started;
      if (started.how === 'portTaken') void dialogs.warn(`E-Sign Drafts: ${portTakenMessage(started.heldPort, port)}`);
      else if (started.how === 'reused') void dialogs.info(`E-Sign Drafts: using the local sandbox already running on ${SANDBOX_HOST}:${port}. The "local-sandbox" environments send there.`);
      else void dialogs.info(`E-Sign Drafts: local sandbox running on ${SANDBOX_HOST}:${port}. The "local-sandbox" environments now send there.`);
      return port;
    } catch (error) {
      void dialogs.error(`E-Sign Drafts: could not start the local sandbox: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Stops the in-process sandbox; returns what it did, for the command to say. */
  async stop(): Promise<'stopped' | 'forgotten' | 'nothing'> {
    const sandbox = this.running;
    const reused = this.reused;
    this.running = undefined;
    this.reused = undefined;
    this.environments.setSandboxPort(undefined);
    if (sandbox) {
      await sandbox.close();
      this.log.info('Local sandbox stopped.');
      return 'stopped';
    }
    return reused !== undefined ? 'forgotten' : 'nothing';
  }

  async stopCommand(): Promise<void> {
    const port = this.port;
    const what = await this.stop();
    if (what === 'stopped') void dialogs.info(`E-Sign Drafts: local sandbox on ${SANDBOX_HOST}:${port} stopped.`);
    else if (what === 'forgotten') void dialogs.info(`E-Sign Drafts: the sandbox on ${SANDBOX_HOST}:${port} was not started by VS Code, so it keeps running; stop it where it runs (Ctrl+C in its terminal).`);
    else void dialogs.info('E-Sign Drafts: no local sandbox is running, so there was nothing to stop.');
  }

  dispose(): void {
    void this.stop();
  }
}

/** GET /__sandbox/description on loopback: our sandbox, another program, or nobody. */
function probeSandbox(port: number): Promise<Probe> {
  return new Promise((resolve) => {
    const request = http.get({ host: SANDBOX_HOST, port, path: '/__sandbox/description', timeout: PROBE_TIMEOUT_MS, headers: { accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > PROBE_MAX_BYTES) {
          response.destroy();
          resolve({ kind: 'other', what: 'it answers, but not as an E-Sign Drafts sandbox (the answer is too large)' });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        let value: unknown;
        try {
          value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          value = undefined;
        }
        resolve(response.statusCode === 200 && isSandboxDescription(value, port) ? { kind: 'ours' } : { kind: 'other', what: `it answers GET /__sandbox/description with ${response.statusCode}, not as an E-Sign Drafts sandbox` });
      });
      response.on('error', () => resolve({ kind: 'other', what: 'it answered, then broke the connection' }));
    });
    request.on('timeout', () => {
      request.destroy();
      resolve({ kind: 'other', what: `it accepts connections but does not answer within ${PROBE_TIMEOUT_MS} ms` });
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? { kind: 'free' } : { kind: 'other', what: `probing it failed (${error.code ?? error.message})` }));
  });
}
