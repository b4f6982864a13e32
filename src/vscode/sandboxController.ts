import * as vscode from 'vscode';
import type { EnvironmentService } from './environmentService';

import type { RunningSandbox } from '../sandbox/server';

/**
 * "Start Local Sandbox": the emulator of both APIs, in process, on a free loopback port; the
 * built-in `local-sandbox` environments then point at it.
 */
export class SandboxController implements vscode.Disposable {
  private running: RunningSandbox | undefined;

  constructor(private readonly environments: EnvironmentService, private readonly log: vscode.LogOutputChannel) {}

  get port(): number | undefined {
    return this.running?.port;
  }

  /** The running in-process sandbox (its request log and fault controls serve the tests). */
  get instance(): RunningSandbox | undefined {
    return this.running;
  }

  async start(): Promise<number> {
    if (this.running) return this.running.port;
    // Loaded on demand: nothing of the sandbox runs until someone asks for it.
    const { startSandbox } = await import('../sandbox/server');
    const sandbox = await startSandbox({ port: 0 });
    this.running = sandbox;
    this.environments.setSandboxPort(sandbox.port);
    this.log.info(`Local sandbox listening on http://127.0.0.1:${sandbox.port} (Ignisign at /v3, Zigned at /rest/v3).`);
    return sandbox.port;
  }

  async startCommand(): Promise<number | undefined> {
    try {
      const port = await this.start();
      void vscode.window.showInformationMessage(`E-Sign Drafts: local sandbox running on 127.0.0.1:${port}. The "local-sandbox" environments now send there.`);
      return port;
    } catch (error) {
      void vscode.window.showErrorMessage(`E-Sign Drafts: could not start the local sandbox: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const sandbox = this.running;
    this.running = undefined;
    this.environments.setSandboxPort(undefined);
    if (sandbox) {
      await sandbox.close();
      this.log.info('Local sandbox stopped.');
    }
  }

  dispose(): void {
    void this.stop();
  }
}
