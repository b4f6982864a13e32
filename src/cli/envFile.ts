import path = require('node:path');
import util = require('node:util');
import { readPayloadFileSync } from '../core/payload/readPayloadFile';
import type { CliIo } from './io';
import { UsageError } from './usageError';

/**
 * `--dotenv <path>`: a dotenv file whose values act as environment variables for the command
 * (the secrets and variables of a CI job: ESIGN_DRAFTS_SECRET, ESIGN_DRAFTS_CLIENT_ID…, their
 * suffixed forms, ESIGN_DRAFTS_ALLOWED_HOSTS, HTTPS_PROXY…). A variable set in the real
 * environment wins over the file, even when it is set to an empty value, as the dotenv package
 * and Node's own --env-file do it.
 *
 * Not `--env-file`: Node reads every argument that starts with `--env-file` as its own option,
 * even after the script's name (https://github.com/nodejs/node/issues/54232; only `--` stops it),
 * before any of our code runs: a missing file stops Node with exit 9, and a FIFO or a link to
 * /dev/zero blocks it for ever. The CLI cannot guard what Node reads first, so it takes another name
 * (args.ts says so to whoever types --env-file).
 *
 * The file is read like a payload (regular files only, at most the limit plus one byte: a FIFO or
 * a link to /dev/zero is refused at once) and parsed by Node's util.parseEnv. That parser skips a
 * line it cannot read, or folds it into the next key, silently: each line is checked first, so
 * that a typo is said with its line number instead of becoming a missing secret. A message never
 * quotes a line: it may hold a secret.
 */

/** A dotenv file of CI secrets is a few hundred bytes; a megabyte is far beyond any real one. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** `io` with the file's values under its real environment variables; `io` itself without a file. */
export function withEnvFile(io: CliIo, file: string | undefined): CliIo {
  if (file === undefined) return io;
  const values = readEnvFile(path.resolve(io.cwd, file), `--dotenv ${file}`);
  // Not a spread of `io`: that would read isTty, a getter that costs a few milliseconds.
  return {
    stdout: (text) => io.stdout(text),
    stderr: (text) => io.stderr(text),
    env: { ...values, ...io.env },
    dotenv: values,
    cwd: io.cwd,
    get isTty() {
      return io.isTty;
    },
  };
}

/** The file's variables (usage errors, exit 2, for a file that cannot be read or has a malformed line). */
export function readEnvFile(file: string, label: string): Record<string, string> {
  const read = readPayloadFileSync(file, label, MAX_ENV_FILE_BYTES);
  if (!read.ok) throw new UsageError(read.problem === 'too-large' ? `${label}: ${read.message}` : read.message.replace('payloads are read from regular files', 'a dotenv file is read from a regular file'));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    throw new UsageError(`${label} is not UTF-8 text: expected NAME=value lines.`);
  }
  const problem = malformedLine(text);
  if (problem) throw new UsageError(`${label}, line ${problem.line}: ${problem.why}. Expected NAME=value, "export NAME=value", a # comment or a blank line.`);
  // Node 20 keeps the spaces of "export   NAME=…" in the name.
  return Object.fromEntries(Object.entries(util.parseEnv(text)).map(([name, value]) => [name.trim(), value ?? '']));
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/**
 * The first line Node's parser would not read as written. A quoted value may span lines
 * (a PEM key in double quotes): the lines up to its closing quote are its own.
 */
export function malformedLine(text: string): { line: number; why: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let openQuote: { quote: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (openQuote) {
      if (line.includes(openQuote.quote)) openQuote = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) {
      const why = /^\s*(?:export\s+)?[^=\s]+\s*$/.test(line) ? 'a name without "=value"' : /^\s*(?:export\s+)?[^=]*=/.test(line) ? 'the name is not a valid variable name (letters, digits, _ . -; not starting with a digit)' : 'not an assignment';
      return { line: i + 1, why };
    }
    const value = assignment[2].trimStart();
    const quote = value[0];
    if (quote !== undefined && QUOTES.has(quote) && !value.slice(1).includes(quote)) openQuote = { quote, line: i + 1 };
  }
  if (openQuote) return { line: openQuote.line, why: `the value's opening ${openQuote.quote} quote is never closed` };
  return undefined;
}
