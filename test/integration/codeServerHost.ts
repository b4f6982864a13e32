import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { codeServerBin } from './hostPaths';

/**
 * A real VS Code on an offline machine: code-server (the VS Code server, its extension host
 * and the web workbench) driven by Debian's headless Chromium. See ../shared/vscode-test-host.md.
 */
export interface HostOptions {
  workspace: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Extra code-server arguments (e.g. --extensions-dir of an installed VSIX). */
  extensionsDir?: string;
  userSettings?: Record<string, unknown>;
  /** false: open the workspace in Restricted Mode (workspace trust on, never granted). Default true. */
  trusted?: boolean;
  log: (line: string) => void;
}

export interface RunningHost {
  port: number;
  url: string;
  page: Page;
  browser: Browser;
  server: ChildProcess;
  tmp: string;
  serverLog: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next one
    }
  }
  throw new Error('No Chromium found: install Debian\'s "chromium" package or set CHROMIUM_PATH.');
}

async function waitForHttp(url: string, deadline: number, server: ChildProcess): Promise<void> {
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} in time`);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  if (!fs.existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed at ${codeServerBin}. Run: bash scripts/install-code-server.sh`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-host-'));
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'json.schemaDownload.enable': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': options.trusted === false,
        // Restricted Mode without the startup dialog: nobody is there to answer it.
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const serverLog = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(serverLog, 'a');
  const server = spawn(
    codeServerBin,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...(options.trusted === false ? [] : ['--disable-workspace-trust']), '--user-data-dir', userData, '--extensions-dir', extensionsDir, options.workspace],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', logFd, logFd], detached: true },
  );
  const base = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    try {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    fs.closeSync(logFd);
  };
  try {
    await waitForHttp(base + '/healthz', Date.now() + 60_000, server);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload: [string, string][] = [];
    if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
    if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
    const url = `${base}/?folder=${encodeURIComponent(options.workspace)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => options.log(`[workbench error] ${e.message}`));
    await page.goto(url);
    return { port, url, page, browser, server, tmp, serverLog, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
