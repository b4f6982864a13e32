import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from '../core/text/suggest';
import { UsageError } from './usageError';
import { COMMAND_USAGE, type CommandName } from './usage';

/** `--help` or `-h` before any `--`: the command's usage is wanted, whatever else is there. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Node's parseArgs, strict, with its errors turned into usage errors that name the command,
 * say what was wrong (with a did-you-mean for a mistyped option) and carry the command's usage.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(command: CommandName, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    // strict is parseArgs' default; no caller turns it off.
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(describe(command, error, config), COMMAND_USAGE[command]);
  }
}

function describe(command: CommandName, error: unknown, config: ParseArgsConfig): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const known = [...new Set([...Object.keys(config.options ?? {}), 'help'])].map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    // Node takes --env-file as its own, even after the script (envFile.ts): the CLI's is --dotenv.
    if (option.startsWith('--env-file') && 'dotenv' in (config.options ?? {})) return `use --dotenv <path> for a dotenv file (esign-drafts ${command}): Node reads --env-file itself, before the CLI starts, so the CLI cannot check it.`;
    const guess = option.startsWith('--') ? closestMatch(option.slice(2).split('=')[0], known.map((k) => k.slice(2))) : undefined;
    return `unknown option ${option}.${guess ? ` Did you mean --${guess}?` : ''} esign-drafts ${command} takes ${known.join(', ')}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[\w-]+/.exec(message)?.[0];
    return option ? `${option} ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'} (esign-drafts ${command}).` : message;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(message)?.[1];
    return `unexpected argument${argument !== undefined ? ` "${argument}"` : ''}: esign-drafts ${command} takes options only.`;
  }
  return message;
}
