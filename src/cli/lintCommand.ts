import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { hasErrors, lintParsed } from '../core/lint/engine';
import { parsePayload } from '../core/payload/parsePayload';
import type { Finding } from '../core/lint/types';
import { detectProvider } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { loadConfig, UsageError, type CliConfig } from './config';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';

export interface FileLint {
  /** The path as shown to the user (relative to the working directory when inside it). */
  file: string;
  provider: ProviderProfile;
  findings: Finding[];
}

export interface LintCommandOptions {
  patterns: string[];
  format: string;
  config?: string;
  cwd: string;
  stdout: (text: string) => void;
  /** Notices that are not results (skipped files); stderr, so that json/sarif output stays parseable. */
  stderr: (text: string) => void;
}

const FORMATS = ['stylish', 'json', 'sarif'];

/** `esign-drafts lint`: 0 no error-severity finding, 1 errors, 2 usage or unreadable input. */
export function runLint(options: LintCommandOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`Unknown --format "${options.format}": expected one of ${FORMATS.join(', ')}.`);
  if (options.patterns.length === 0) throw new UsageError('Name at least one payload file or glob, e.g. esign-drafts lint "payloads/**/*.json".');
  const config = loadConfig(options.config, options.cwd);
  const results: FileLint[] = [];
  const targets = expand(options.patterns, options.cwd, config, options.stderr);
  if (targets.length === 0) throw new UsageError(`No payload file to lint among: ${options.patterns.join(' ')}.`);
  for (const target of targets) {
    results.push(lintFile(target.file, target.provider, options.cwd, config));
  }
  const output = options.format === 'json' ? formatJson(results) : options.format === 'sarif' ? formatSarif(results, options.cwd) : formatStylish(results);
  options.stdout(output);
  return results.some((r) => hasErrors(r.findings)) ? 1 : 0;
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`);
  }
}

function providerOf(file: string, text: string, cwd: string, config: CliConfig): ProviderProfile | undefined {
  const relative = display(file, cwd);
  return detectProvider(file, text, (pattern) => picomatch(pattern, { dot: true })(relative) || picomatch(pattern, { dot: true })(file), config.files);
}

function expand(patterns: string[], cwd: string, config: CliConfig, notice: (text: string) => void): { file: string; provider: ProviderProfile }[] {
  const out = new Map<string, ProviderProfile>();
  for (const pattern of patterns) {
    if (!fg.isDynamicPattern(pattern)) {
      // A file named explicitly (often by the shell's own glob) that is not a payload is skipped
      // with a notice that says how to make it one.
      const file = path.resolve(cwd, pattern);
      const provider = providerOf(file, readText(file), cwd, config);
      if (provider) out.set(file, provider);
      else notice(`esign-drafts: skipped ${pattern}: not a payload file (name it *.ignisign.json or *.zigned.json, give it a "$schema" naming an E-Sign Drafts schema, or map it in esign-drafts.config.json "files").`);
      continue;
    }
    const matches = fg.sync(pattern, { cwd, absolute: true, dot: false, onlyFiles: true, ignore: ['**/node_modules/**'] });
    let payloads = 0;
    for (const file of matches.sort()) {
      // Globs may sweep in other JSON files (package.json…): those are skipped, not errors.
      const provider = providerOf(path.normalize(file), readText(file), cwd, config);
      if (provider) {
        out.set(path.normalize(file), provider);
        payloads++;
      }
    }
    if (payloads === 0) throw new UsageError(`No payload file matches ${pattern}.`);
  }
  return [...out.entries()].map(([file, provider]) => ({ file, provider }));
}

function lintFile(file: string, provider: ProviderProfile, cwd: string, config: CliConfig): FileLint {
  const parsed = parsePayload(readText(file));
  const result = lintParsed(parsed, provider, { severities: config.rules, variables: variablesFor(parsed.value, provider, config) });
  return { file: display(file, cwd), provider, findings: result.findings };
}

/**
 * The variables of the environment the file names in `$request.environment`, when the config
 * defines it; otherwise undefined and variables are not checked (lint cannot know the target).
 */
function variablesFor(value: unknown, provider: ProviderProfile, config: CliConfig): Record<string, string> | undefined {
  const request = (value as { $request?: { environment?: unknown } } | undefined)?.$request;
  const name = typeof request === 'object' && request !== null ? request.environment : undefined;
  if (typeof name !== 'string') return undefined;
  const environment = config.environments.find((e) => e.name === name && (e.provider === undefined || e.provider === provider.id));
  if (!environment) return undefined;
  const variables = environment.variables;
  if (typeof variables !== 'object' || variables === null) return {};
  return Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
