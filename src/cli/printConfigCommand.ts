import path = require('node:path');
import { effectiveConfigReport, formatEffectiveConfig } from '../core/config/effectiveConfigReport';
import { inspectPayloadBytes } from '../core/payload/fileGuard';
import { parsePayload } from '../core/payload/parsePayload';
import { readPayloadFileSync } from '../core/payload/readPayloadFile';
import { detectProvider, payloadFileNames } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { parseCommandArgs } from './args';
import { CliConfigs, lintConfigFor, pathForGlobs } from './config';
import { EnvironmentChoice } from './environments';
import type { CliIo } from './io';
import { jsonOutput } from './terminalText';
import { UsageError } from './usageError';

/**
 * `esign-drafts print-config <file>`: what the file is linted and sent with, and where each part
 * came from — the config found for it, every rule's severity (default, config, an override, the
 * file's `$lint`), and the environments it can be sent to. The editor's "Show Effective
 * Configuration" shows the same.
 */
export function runPrintConfig(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('print-config', {
    args,
    options: { format: { type: 'string', short: 'f', default: 'text' }, config: { type: 'string', short: 'c' } },
    allowPositionals: true,
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown --format "${format}": expected text or json.`);
  if (positionals.length !== 1) throw new UsageError(`Name exactly one payload file (got ${positionals.length}).`);
  const file = path.resolve(io.cwd, positionals[0]);
  const read = readPayloadFileSync(file, positionals[0]);
  if (!read.ok) throw new UsageError(read.message);
  const checked = inspectPayloadBytes(read.bytes);
  if (!checked.ok) throw new UsageError(`${positionals[0]}: ${checked.message}`);
  const config = new CliConfigs(values.config, io.cwd).forFile(file);
  const profile = detectProvider(file, checked.text, undefined, []) ?? detectWithGlobs(file, checked.text, config);
  if (!profile) throw new UsageError(`${positionals[0]} is not a payload file: name it ${payloadFileNames()} (or give it a "$schema", or map it in esign-drafts.config.json "files").`);
  const parsed = parsePayload(checked.text);
  const { resolved } = lintConfigFor(profile, file, parsed.value, config);
  const report = effectiveConfigReport(positionals[0], profile, config.source, resolved, new EnvironmentChoice(config, io.env).for(profile));
  io.stdout(format === 'json' ? jsonOutput(JSON.stringify(report, null, 2)) : formatEffectiveConfig(report, profile.displayName));
  return 0;
}

function detectWithGlobs(file: string, text: string, config: ReturnType<CliConfigs['forFile']>): ProviderProfile | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { globMatches } = require('./globs') as typeof import('./globs');
  return detectProvider(file, text, (pattern) => globMatches(pattern, pathForGlobs(file, config), file), config.files);
}
