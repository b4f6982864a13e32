#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { UsageError } from './config';
import { runLint } from './lintCommand';
import { runSandboxCommand } from './sandboxCommand';
import { runSend } from './sendCommand';
import { version } from './version';

const HELP = `esign-drafts ${version} — lint Ignisign and Zigned draft-update payloads

Usage:
  esign-drafts lint [--format stylish|json|sarif] [--config <path>] <file or glob>...
  esign-drafts send <file> --env <name> [--config <path>] [--format text|json] [--id <target id>]
                    [--timeout <seconds>] [--allow-host <host>]... [--yes]
  esign-drafts sandbox [--port N]

lint exit codes: 0 no error-severity finding, 1 errors found, 2 usage or unreadable input.
send exit codes: 0 the API answered 2xx, 1 it answered an error status, 2 usage or unreadable input,
                 3 no usable answer (network, timeout, TLS, refused by the trust rules), 4 lint errors blocked the send.
send secrets come from ESIGN_DRAFTS_SECRET (Ignisign), ESIGN_DRAFTS_CLIENT_ID and ESIGN_DRAFTS_CLIENT_SECRET (Zigned);
  a variable suffixed with the environment name (e.g. ESIGN_DRAFTS_SECRET_STAGING_EU) wins. Credentials only go to the
  official API hosts, loopback, or a host you allow with --allow-host (or ESIGN_DRAFTS_ALLOWED_HOSTS).
Configuration: esign-drafts.config.json in the working directory ({ "rules": { … }, "files": { … }, "environments": [ … ] }).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(version + '\n');
    return 0;
  }
  if (command === 'lint') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { format: { type: 'string', short: 'f', default: 'stylish' }, config: { type: 'string', short: 'c' } },
      allowPositionals: true,
      strict: true,
    });
    return runLint({ patterns: positionals, format: values.format ?? 'stylish', config: values.config, cwd: process.cwd(), stdout: (t) => process.stdout.write(t + '\n'), stderr: (t) => process.stderr.write(t + '\n') });
  }
  if (command === 'send') {
    return runSend(rest, { stdout: (t) => process.stdout.write(t + '\n'), stderr: (t) => process.stderr.write(t + '\n'), env: process.env, cwd: process.cwd(), isTty: Boolean(process.stdin.isTTY) });
  }
  if (command === 'sandbox') {
    return runSandboxCommand(rest, { stdout: (t) => process.stdout.write(t + '\n'), stderr: (t) => process.stderr.write(t + '\n') });
  }
  throw new UsageError(`Unknown command "${command}". Run esign-drafts --help.`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Anything that escapes is about the input or the environment (usage), never a result.
    process.stderr.write(`esign-drafts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
