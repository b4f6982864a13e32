import { DEFAULT_SANDBOX_PORT } from '../core/send/localSandbox';
import { startSandbox, type RunningSandbox, type SandboxExchange } from '../sandbox/server';
import { parseCommandArgs } from './args';
import { COMMAND_USAGE } from './usage';

export interface SandboxCommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export interface SandboxCommandOptions {
  /** Stops the sandbox like SIGINT does (tests, embedding). */
  signal?: AbortSignal;
}

const USAGE = COMMAND_USAGE.sandbox;

/**
 * `esign-drafts sandbox [--port N]`: prints the sandbox description as one JSON line (scripts read
 * it), then a few lines for people, then one line per request; runs until SIGINT/SIGTERM.
 * Resolves the exit code: 0 after a clean stop, 2 for usage errors or a port that cannot be used.
 */
export async function runSandboxCommand(args: string[], io: SandboxCommandIo, options: SandboxCommandOptions = {}): Promise<number> {
  const port = parsePort(args, io);
  if (typeof port !== 'number') return port.exitCode;

  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ port, onExchange: (exchange) => io.stdout(formatExchange(exchange)) });
  } catch (error) {
    io.stderr(startFailure(error, port));
    return 2;
  }

  io.stdout(JSON.stringify(sandbox.description));
  const origin = `http://127.0.0.1:${sandbox.port}`;
  io.stdout(`E-Sign Drafts local sandbox listening on ${origin}`);
  io.stdout(`  Ignisign v4  ${sandbox.description.ignisign.baseUrl}  (PUT /v4/signature-requests/:id; the API key ${sandbox.description.ignisign.apiKey}, no login)`);
  io.stdout(`  Ignisign v3  ${sandbox.description.ignisign.baseUrl}  (POST /v3/auth/app-api, PUT /v3/signature-requests/:id)`);
  io.stdout(`  Zigned v3    ${sandbox.description.zigned.baseUrl}  (token: ${origin}/oauth/token, PUT /agreements/:id)`);
  io.stdout(`  Drafts: ${sandbox.description.ignisign.draftIds[0]} (Ignisign v4 and v3), ${sandbox.description.zigned.draftIds[0]} (Zigned); more in docs/sandbox.md`);
  io.stdout('  Send a payload with: esign-drafts send <file> --env local-sandbox');
  io.stdout('  Press Ctrl+C to stop. State is kept in memory only.');

  await waitForStop(options.signal);
  await sandbox.close();
  io.stdout('Sandbox stopped.');
  return 0;
}

function parsePort(args: string[], io: SandboxCommandIo): number | { exitCode: number } {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseCommandArgs('sandbox', { args, options: { port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: false }));
  } catch (error) {
    io.stderr(`esign-drafts: ${error instanceof Error ? error.message : String(error)}`);
    io.stderr(USAGE);
    return { exitCode: 2 };
  }
  if (values.help) {
    io.stdout(USAGE);
    return { exitCode: 0 };
  }
  if (values.port === undefined) return DEFAULT_SANDBOX_PORT;
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    io.stderr(`esign-drafts sandbox: invalid --port "${values.port}": expected a number from 0 to 65535 (0 picks a free port).`);
    io.stderr(USAGE);
    return { exitCode: 2 };
  }
  return port;
}

function startFailure(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `esign-drafts sandbox: port ${port} on 127.0.0.1 is already in use (is another sandbox running?). Stop it, or try --port 0 to pick a free port.`;
  }
  if (code === 'EACCES') return `esign-drafts sandbox: not allowed to listen on port ${port} on 127.0.0.1. Try a port above 1023, or --port 0.`;
  return `esign-drafts sandbox: could not start on port ${port}: ${error instanceof Error ? error.message : String(error)}`;
}

function formatExchange(exchange: SandboxExchange): string {
  const time = new Date().toISOString().slice(11, 19);
  return `${time} ${exchange.method} ${exchange.path} → ${exchange.status} (${exchange.durationMs} ms)`;
}

/** Resolves on SIGINT, SIGTERM or the abort signal, then removes its listeners. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted) return stop();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
}
