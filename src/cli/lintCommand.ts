import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileProblemResult, hasErrors, lintParsed } from '../core/lint/engine';
import { inspectPayloadBytes } from '../core/payload/fileGuard';
import { readPayloadFileSync } from '../core/payload/readPayloadFile';
import { parsePayload } from '../core/payload/parsePayload';
import type { Finding } from '../core/lint/types';
import { detectProvider, payloadFileNames } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { parseCommandArgs } from './args';
import { CliConfigs, lintConfigFor, pathForGlobs, type CliConfig } from './config';
import { UsageError } from './usageError';
import { EnvironmentChoice } from './environments';
import { withEnvFile } from './envFile';
import { checkGlob } from './globLimits';
import type { CliIo } from './io';
import { COMMAND_USAGE } from './usage';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';

export interface FileLint {
  /** The path as shown to the user (relative to the working directory when inside it). */
  file: string;
  provider: ProviderProfile;
  /** The esign-drafts.config.json that governed it, when one did. */
  config?: string;
  findings: Finding[];
}

export interface LintCommandOptions {
  patterns: string[];
  format: string;
  config?: string;
  /** --env: {{variables}} are checked against this environment, as `send` resolves it. */
  env?: string;
  /** Environment variables (ESIGN_DRAFTS_SANDBOX_PORT places the built-in local-sandbox). */
  processEnv?: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  /** Notices that are not results (skipped files); stderr, so that json/sarif output stays parseable. */
  stderr: (text: string) => void;
}

const FORMATS = ['stylish', 'json', 'sarif'];

/** The glob machinery, required on first need (see globs.ts). */
function globs(): typeof import('./globs') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./globs') as typeof import('./globs');
}

/**
 * Whether a command-line pattern is a glob. Only a pattern with one of the characters that can
 * start one (picomatch's scan looks for these) is asked of picomatch's scanner; a plain file name never
 * loads the glob machinery.
 */
function isGlob(pattern: string): boolean {
  return /[*?[\]{}()!+@]/.test(pattern) && globs().isDynamicPattern(pattern);
}

/** `esign-drafts lint <args>`, as the dispatcher calls it. */
export function runLintCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('lint', {
    args,
    options: { format: { type: 'string', short: 'f', default: 'stylish' }, config: { type: 'string', short: 'c' }, env: { type: 'string', short: 'e' }, dotenv: { type: 'string' } },
    allowPositionals: true,
  });
  // --dotenv: read (and checked) as for send; its values act as environment variables.
  const processEnv = withEnvFile(io, values.dotenv).env;
  return runLint({ patterns: positionals, format: values.format ?? 'stylish', config: values.config, env: values.env, processEnv, cwd: io.cwd, stdout: io.stdout, stderr: io.stderr });
}

/** `esign-drafts lint`: 0 no error-severity finding, 1 errors, 2 usage or unreadable input. */
export function runLint(options: LintCommandOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`Unknown --format "${options.format}": expected one of ${FORMATS.join(', ')}.`);
  if (options.patterns.length === 0) throw new UsageError('Name at least one payload file or glob, e.g. esign-drafts lint "payloads/**/*.json".', COMMAND_USAGE.lint);
  const configs = new CliConfigs(options.config, options.cwd);
  const variablesOf = variableSource(options.env, options.processEnv ?? {});
  const results: FileLint[] = [];
  const { targets, unreadable } = expand(options.patterns, options.cwd, configs, options.stderr);
  if (targets.length === 0 && unreadable === 0) throw new UsageError(`No payload file to lint among: ${options.patterns.join(' ')}.`);
  for (const target of targets) {
    results.push(lintFile(target.file, target.provider, target.content, options.cwd, target.config, variablesOf));
  }
  const output = options.format === 'json' ? formatJson(results) : options.format === 'sarif' ? formatSarif(results, options.cwd) : formatStylish(results);
  options.stdout(output);
  // Unreadable input (a FIFO, a device, a directory, a missing file) is exit 2, after the other files were linted.
  if (unreadable > 0) return 2;
  return results.some((r) => hasErrors(r.findings)) ? 1 : 0;
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * A file's content for linting. `problem` is set when the file is evidently not a payload
 * (binary, not UTF-8, too large: see fileGuard); `text` is then only its start, enough to
 * recognise a payload by its `$schema`. `unreadable` when nothing could be read at all (not a
 * regular file, missing, no permission): then `text` is empty and `problem` says why.
 */
interface FileContent {
  text: string;
  problem?: string;
  unreadable?: boolean;
}

/** How much of a refused file is decoded to look for `$schema` (schemaReferenceOf reads no further). */
const HEAD_BYTES = 4096;

function readPayload(file: string, label: string): FileContent {
  const read = readPayloadFileSync(file, label, undefined, HEAD_BYTES);
  if (!read.ok) {
    if (read.problem === 'too-large') return { text: (read.head ?? Buffer.alloc(0)).toString('utf8'), problem: read.message };
    return { text: '', problem: read.message, unreadable: true };
  }
  const checked = inspectPayloadBytes(read.bytes);
  if (checked.ok) return { text: checked.text };
  return { text: read.bytes.subarray(0, HEAD_BYTES).toString('utf8'), problem: checked.message };
}

function providerOf(file: string, text: string, config: CliConfig): ProviderProfile | undefined {
  const relative = pathForGlobs(file, config);
  return detectProvider(file, text, (pattern) => globs().globMatches(pattern, relative, file), config.files);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The payload files the patterns name. A file that cannot be read (not a regular file, missing)
 * is counted in `unreadable` and said on stderr; when its name makes it a payload it is also a
 * target, so that its `file` finding appears among the results.
 */
function expand(patterns: string[], cwd: string, configs: CliConfigs, notice: (text: string) => void): { targets: { file: string; provider: ProviderProfile; content: FileContent; config: CliConfig }[]; unreadable: number } {
  const out = new Map<string, { provider: ProviderProfile; content: FileContent; config: CliConfig }>();
  let unreadable = 0;
  for (const pattern of patterns) {
    const named = path.resolve(cwd, pattern);
    // A name that exists is that file, even with glob characters in it ("report (1).json").
    if (!isGlob(pattern) || isFile(named)) {
      // A file named explicitly (often by the shell's own glob) that is not a payload is skipped
      // with a notice that says how to make it one.
      const content = readPayload(named, pattern);
      const config = configs.forFile(named);
      const provider = providerOf(named, content.text, config);
      if (content.unreadable) {
        unreadable++;
        notice(`esign-drafts: ${content.problem}`);
        if (provider) out.set(named, { provider, content, config });
      } else if (provider) out.set(named, { provider, content, config });
      else notice(`esign-drafts: skipped ${pattern}: not a payload file (name it ${payloadFileNames()}, give it a "$schema" naming an E-Sign Drafts schema, or map it in esign-drafts.config.json "files").`);
      continue;
    }
    checkGlob(pattern, 'Command-line');
    const matches = globs().globFiles(pattern, cwd);
    let payloads = 0;
    for (const file of matches.sort()) {
      // Globs may sweep in other JSON files (package.json…): those are skipped, not errors.
      const content = readPayload(file, display(file, cwd));
      const config = configs.forFile(path.normalize(file));
      const provider = providerOf(path.normalize(file), content.text, config);
      if (content.unreadable && !provider) {
        // Swept in by the glob and not named like a payload: skipped, but said (it is not a regular file).
        notice(`esign-drafts: ${content.problem}`);
        continue;
      }
      if (content.unreadable) {
        unreadable++;
        notice(`esign-drafts: ${content.problem}`);
      }
      if (provider) {
        out.set(path.normalize(file), { provider, content, config });
        payloads++;
      }
    }
    if (payloads === 0) throw new UsageError(`No payload file matches ${pattern}.`);
  }
  return { targets: [...out.entries()].map(([file, entry]) => ({ file, ...entry })), unreadable };
}

/** The variables a parsed file is checked against: undefined means they are not checked. */
type VariableSource = (value: unknown, provider: ProviderProfile, config: CliConfig) => Record<string, string> | undefined;

/**
 * With --env, the named environment's variables exactly as `send` resolves them (the built-in
 * local-sandbox included; an environment unknown for a file's provider is a usage error, as
 * for send). Without it, the environment the file names in "$request.environment" when the
 * config defines it.
 */
function variableSource(envName: string | undefined, processEnv: NodeJS.ProcessEnv): VariableSource {
  if (envName === undefined) return (value, provider, config) => variablesFor(value, provider, config);
  return (_value, provider, config) => new EnvironmentChoice(config, processEnv).named(provider, envName).variables ?? {};
}

function lintFile(file: string, provider: ProviderProfile, content: FileContent, cwd: string, config: CliConfig, variablesOf: VariableSource): FileLint {
  // A binary, non-UTF-8 or huge file is one `file` finding (exit 1), not a crash or a usage error.
  if (content.problem !== undefined) return { file: display(file, cwd), provider, config: config.source, findings: fileProblemResult('', content.problem, lintConfigFor(provider, file, undefined, config).severities).findings };
  const parsed = parsePayload(content.text);
  const { severities } = lintConfigFor(provider, file, parsed.value, config);
  const result = lintParsed(parsed, provider, { severities, variables: variablesOf(parsed.value, provider, config) });
  return { file: display(file, cwd), provider, config: config.source, findings: result.findings };
}

/**
 * The variables of the environment the file names in `$request.environment`, when the config
 * defines it; otherwise undefined and variables are not checked (lint cannot know the target).
 */
function variablesFor(value: unknown, provider: ProviderProfile, config: CliConfig): Record<string, string> | undefined {
  const request = (value as { $request?: { environment?: unknown } } | undefined)?.$request;
  const name = typeof request === 'object' && request !== null ? request.environment : undefined;
  if (typeof name !== 'string') return undefined;
  const environment = config.environments.find((e) => e.name === name && e.provider === provider.id);
  return environment ? { ...environment.variables } : undefined;
}
