#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { UsageError } from './config';
import { runLint } from './lintCommand';
import { version } from './version';

const HELP = `esign-drafts ${version} — lint Ignisign and Zigned draft-update payloads

Usage:
  esign-drafts lint [--format stylish|json|sarif] [--config <path>] <file or glob>...

Exit codes (lint): 0 no error-severity finding, 1 errors found, 2 usage or unreadable input.
Configuration: esign-drafts.config.json in the working directory ({ "rules": { … }, "files": { … }, "environments": [ … ] }).
`;

function main(argv: string[]): number {
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
  throw new UsageError(`Unknown command "${command}". Run esign-drafts --help.`);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const usage = error instanceof UsageError || (error as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS');
  process.stderr.write(`esign-drafts: ${error instanceof Error ? error.message : String(error)}\n`);
  // Anything that escapes is about the input or the environment, never a lint result.
  process.exitCode = usage ? 2 : 2;
}
