#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- commands are required on demand (see COMMANDS) */
import { wantsHelp } from './args';
import { enableNodeCompileCache } from './nodeCompileCache';
import type { CliIo } from './io';
import { terminalText } from './terminalText';
import { writeStderr, writeStdout } from './processOutput';
import { COMMAND_USAGE, generalHelp, isCommandName, type CommandName } from './usage';
import { closestMatch } from '../core/text/suggest';
import { version } from './version';

/**
 * The dispatcher: it loads only the command it runs. In dist/ each command is its own bundle
 * (dist/cli-lint.js, dist/cli-send.js, dist/cli-draft.js, dist/cli-sandbox.js; scripts/build.mjs maps these
 * requires to them), so `lint` never loads the send code, node-fetch or the sandbox.
 */
const COMMANDS: Record<CommandName, () => (args: string[], io: CliIo) => number | Promise<number>> = {
  lint: () => (require('./lintCommand') as typeof import('./lintCommand')).runLintCommand,
  send: () => (require('./sendCommand') as typeof import('./sendCommand')).runSend,
  pull: () => (require('./draftCommand') as typeof import('./draftCommand')).runPull,
  diff: () => (require('./draftCommand') as typeof import('./draftCommand')).runDiff,
  publish: () => (require('./draftCommand') as typeof import('./draftCommand')).runPublish,
  sandbox: () => (require('./sandboxCommand') as typeof import('./sandboxCommand')).runSandboxCommand,
  lsp: () => (require('./lspCommand') as typeof import('./lspCommand')).runLspCommand,
  'print-config': () => (require('./printConfigCommand') as typeof import('./printConfigCommand')).runPrintConfig,
};

/** Every line printed goes through terminalText: no control sequence from a server or a file reaches the terminal raw. */
const io: CliIo = {
  stdout: (text) => writeStdout(terminalText(text) + '\n'),
  stderr: (text) => writeStderr(terminalText(text) + '\n'),
  env: process.env,
  cwd: process.cwd(),
  // A getter: opening stdin's stream costs a few milliseconds at every start, and only send and
  // publish ask (before confirming a production environment).
  get isTty() {
    return Boolean(process.stdin.isTTY);
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    writeStdout(generalHelp());
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    writeStdout(version + '\n');
    return 0;
  }
  if (!isCommandName(command)) {
    const guess = closestMatch(command, Object.keys(COMMANDS));
    io.stderr(`esign-drafts: unknown command "${command}".${guess ? ` Did you mean "${guess}"?` : ''} Expected one of ${Object.keys(COMMANDS).join(', ')}.\n`);
    writeStderr(generalHelp());
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout(COMMAND_USAGE[command]);
    return 0;
  }
  enableNodeCompileCache();
  return COMMANDS[command]()(rest, io);
}

/**
 * Commands whose work is over when they return (no server left listening; a question, if `lint
 * --pull` asks one, answered before; every line of ours written synchronously): their process
 * ends at once with process.exit rather than by Node's own wind-down (pending V8 tasks, then
 * freeing the whole heap), which is a millisecond of every `esign-drafts lint`. Not when a line
 * went through a stream (Windows, or a full non-blocking pipe): its writes may still be under
 * way, and exiting now would cut them.
 */
const ENDS_WHEN_DONE: ReadonlySet<string> = new Set<CommandName>(['lint', 'print-config']);

function endsWhenDone(command: string | undefined): boolean {
  return command !== undefined && ENDS_WHEN_DONE.has(command) && !writeStdout.usedStream && !writeStderr.usedStream;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (endsWhenDone(process.argv[2])) process.exit(code);
    process.exitCode = code;
  },
  (error) => {
    // Anything that escapes is about the input or the environment (usage), never a result.
    io.stderr(`esign-drafts: ${error instanceof Error ? error.message : String(error)}`);
    // Duck-typed: each command bundle has its own copy of the UsageError class.
    const usage = (error as { usage?: unknown } | undefined)?.usage;
    if (typeof usage === 'string') io.stderr(`\n${usage}`);
    process.exitCode = 2;
  },
);
