import fs = require('node:fs');
import path = require('node:path');
import { fileProblemResult, hasErrors, lintParsed } from '../core/lint/engine';
import { inspectPayloadBytes } from '../core/payload/fileGuard';
import { readPayloadFileSync } from '../core/payload/readPayloadFile';
import { parsePayload } from '../core/payload/parsePayload';
import type { Finding } from '../core/lint/types';
import type { PulledState } from '../core/draft/types';
import { fixText } from '../core/lint/fixAll';
import { LineIndex } from '../core/payload/lineIndex';
import { detectProvider, payloadFileNames } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { parseCommandArgs } from './args';
import { CliConfigs, lintConfigFor, pathForGlobs, type CliConfig } from './config';
import { nowOf } from './now';
import { UsageError } from './usageError';
import { EnvironmentChoice } from './environments';
import { withEnvFile } from './envFile';
import { checkGlob } from './globLimits';
import type { CliIo } from './io';
import { COMMAND_USAGE } from './usage';
import { writeFileAtomically } from './atomicWrite';
import type { AppliedFix, FileLint } from './fileLint';
import { formatGithub } from './formatters/github';
import { formatJson } from './formatters/json';
import { formatJunit } from './formatters/junit';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { discoverPayloadFiles } from './payloadDiscovery';

export type { FileLint } from './fileLint';

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
  /** -o: the chosen format goes to this file (relative to cwd); stdout then shows stylish. */
  outputFile?: string;
  /** Exit 1 when there are more warnings than this (counted before --quiet drops them). */
  maxWarnings?: number;
  /** Errors only in the output. */
  quiet?: boolean;
  /** Apply the preferred fixes and write the files (fix), or only report them (dryRun). */
  fix?: 'write' | 'dryRun';
  /** A glob that matches no payload file is a usage error (exit 2) rather than a warning. */
  errorOnUnmatchedPattern?: boolean;
  /** "Now" for the date rules and `{{$datetime}}` (--now, ESIGN_DRAFTS_NOW). */
  now?: Date;
  /** --pull: the state pulled for each file's target (absolute path → state); the rules judge the state after the update. */
  pulled?: ReadonlyMap<string, PulledState>;
}

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'];

/** The glob machinery, required on first need (see globs.ts). */
function globs(): typeof import('./globs') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./globs') as typeof import('./globs');
}

/**
 * Whether a command-line pattern is a glob. Only a pattern with one of the characters that can
 * start one (picomatch's scan looks for these) is asked of tinyglobby; a plain file name never
 * loads the glob machinery.
 */
function isGlob(pattern: string): boolean {
  return /[*?[\]{}()!+@]/.test(pattern) && globs().isDynamicPattern(pattern);
}

/** `esign-drafts lint <args>`, as the dispatcher calls it. */
export function runLintCommand(args: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', {
    args,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      config: { type: 'string', short: 'c' },
      env: { type: 'string', short: 'e' },
      'output-file': { type: 'string', short: 'o' },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      'error-on-unmatched-pattern': { type: 'boolean' },
      now: { type: 'string' },
      dotenv: { type: 'string' },
      pull: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'allow-host': { type: 'string', multiple: true },
    },
    allowPositionals: true,
  });
  // --dotenv: read (and checked) as for send; its values act as environment variables.
  const processEnv = withEnvFile(io, values.dotenv).env;
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run exclude each other: --fix writes the files, --fix-dry-run only shows what it would write.', COMMAND_USAGE.lint);
  const options: LintCommandOptions = {
    patterns: positionals,
    format: values.format ?? 'stylish',
    config: values.config,
    env: values.env,
    processEnv,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    outputFile: values['output-file'],
    maxWarnings: maxWarningsOf(values['max-warnings']),
    quiet: values.quiet,
    fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dryRun' : undefined,
    errorOnUnmatchedPattern: values['error-on-unmatched-pattern'],
    now: nowOf(values.now, processEnv),
  };
  if (!values.pull) return runLint(options);
  // --pull: each file's target ($request.id) pulled from --env first, then judged as the editor judges a pulled file.
  if (!values.env) throw new UsageError('--pull needs --env <name>: the environment to pull each file\'s target from (a production one also needs --yes).', COMMAND_USAGE.lint);
  if (values.fix || values['fix-dry-run']) throw new UsageError('--pull judges against the server\'s state; run --fix without it.', COMMAND_USAGE.lint);
  const files = lintTargets({ ...options, stderr: () => undefined }).map((t) => t.file);
  // The draft calls (pull, trust, credentials) are their own bundle: lint without --pull never loads them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pullStatesForLint } = require('./draftCommand') as typeof import('./draftCommand');
  return pullStatesForLint(files, { env: values.env, config: values.config, yes: values.yes, allowHosts: values['allow-host'] ?? [] }, { ...io, env: processEnv }).then(({ states, failed }) => {
    const code = runLint({ ...options, pulled: states });
    // A state that could not be pulled is no usable answer (exit 3), unless lint found errors anyway.
    return code === 0 && failed > 0 ? 3 : code;
  });
}

/** --max-warnings: a whole number of warnings allowed; -1 (ESLint's default) means no limit. */
function maxWarningsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(-1|\d+)$/.test(value.trim())) throw new UsageError(`--max-warnings takes a whole number (0 or more, or -1 for no limit), not "${value}".`, COMMAND_USAGE.lint);
  const limit = Number(value);
  return limit < 0 ? undefined : limit;
}

const FORMATTERS: Record<string, (results: FileLint[], cwd: string) => string> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
};

/**
 * `esign-drafts lint`: 0 no error-severity finding, 1 errors (or more warnings than
 * --max-warnings), 2 usage or unreadable input.
 */
/** The payload files lint would check (named, globbed, or discovered), without linting them. */
function lintTargets(options: LintCommandOptions): Target[] {
  const configs = new CliConfigs(options.config, options.cwd);
  return (options.patterns.length === 0 ? discover(options.cwd, configs, options.stderr) : expand(options.patterns, options.cwd, configs, options.stderr, options.errorOnUnmatchedPattern ?? false)).targets;
}

export function runLint(options: LintCommandOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`Unknown --format "${options.format}": expected one of ${FORMATS.join(', ')}.`);
  const configs = new CliConfigs(options.config, options.cwd);
  const variablesOf = variableSource(options.env, options.processEnv ?? {});
  const results: FileLint[] = [];
  const { targets, unreadable, unmatched } =
    options.patterns.length === 0 ? discover(options.cwd, configs, options.stderr) : expand(options.patterns, options.cwd, configs, options.stderr, options.errorOnUnmatchedPattern ?? false);
  if (targets.length === 0 && unreadable === 0) {
    if (options.patterns.length === 0 && options.errorOnUnmatchedPattern) throw new UsageError(`No payload file under ${options.cwd} (${payloadFileNames()}, or a config "files" glob).`);
    if (options.patterns.length > 0 && unmatched < options.patterns.length) throw new UsageError(`No payload file to lint among: ${options.patterns.join(' ')}.`);
  }
  let writeFailed = false;
  for (const target of targets) {
    const result = lintFile(target.file, target.provider, target.content, options.cwd, target.config, variablesOf, options.fix, options.now, options.pulled?.get(target.file));
    const applied = result.lint.fixes?.length ?? 0;
    if (applied > 0) options.stderr(`esign-drafts: ${options.fix === 'write' ? 'fixed' : 'would fix'} ${applied} problem${applied === 1 ? '' : 's'} in ${result.lint.file}`);
    if (options.fix === 'write' && result.fixedText !== undefined) {
      try {
        writeFileAtomically(target.file, result.fixedText);
      } catch (error) {
        writeFailed = true;
        options.stderr(`esign-drafts: could not write the fixes to ${result.lint.file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    results.push(result.lint);
  }
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
  const shown = options.quiet ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : results;
  report(shown, options);
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) options.stderr(`esign-drafts: too many warnings: ${warnings}, --max-warnings allows ${options.maxWarnings}.`);
  // Unreadable input (a FIFO, a device, a directory, a missing file) is exit 2, after the other files were linted.
  if (unreadable > 0 || writeFailed) return 2;
  return results.some((r) => hasErrors(r.findings)) || tooManyWarnings ? 1 : 0;
}

/** The results in the chosen format: on stdout, or with -o in the file (stdout then shows stylish). */
function report(shown: FileLint[], options: LintCommandOptions): void {
  const format = FORMATTERS[options.format];
  if (options.outputFile === undefined) {
    const output = format(shown, options.cwd);
    // --format github prints nothing for a clean run rather than an empty line.
    if (output !== '' || options.format === 'stylish') options.stdout(output);
    return;
  }
  const file = path.resolve(options.cwd, options.outputFile);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, format(shown, options.cwd) + '\n');
  } catch (error) {
    throw new UsageError(`Cannot write --output-file ${options.outputFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  options.stdout(formatStylish(shown));
}

/** No file arguments: every payload file under the working directory (see payloadDiscovery.ts). */
function discover(cwd: string, configs: CliConfigs, notice: (text: string) => void): { targets: Target[]; unreadable: number; unmatched: number } {
  const targets: Target[] = [];
  for (const file of discoverPayloadFiles(cwd, configs.forDirectory(cwd), globs())) {
    // git lists a tracked file deleted from the work tree, and a submodule as a path: neither is linted.
    if (!isFile(file)) continue;
    const content = readPayload(file, display(file, cwd));
    // Each file is judged with its own config, as when it is named.
    const config = configs.forFile(file);
    const provider = providerOf(file, content.text, config);
    if (provider) targets.push({ file, provider, content, config });
  }
  if (targets.length === 0) notice(`esign-drafts: warning: no payload file under ${cwd} (${payloadFileNames()}, or a config "files" glob); nothing linted.`);
  return { targets, unreadable: 0, unmatched: 0 };
}

interface Target {
  file: string;
  provider: ProviderProfile;
  content: FileContent;
  /** The project config that governs the file (nearest from its folder up). */
  config: CliConfig;
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
function expand(patterns: string[], cwd: string, configs: CliConfigs, notice: (text: string) => void, errorOnUnmatched: boolean): { targets: Target[]; unreadable: number; unmatched: number } {
  const out = new Map<string, { provider: ProviderProfile; content: FileContent; config: CliConfig }>();
  let unreadable = 0;
  let unmatched = 0;
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
    if (payloads === 0) {
      // lint-staged and CI steps pass globs that may match nothing in a given change: a warning, as ESLint 9 has it opt-in.
      if (errorOnUnmatched) throw new UsageError(`No payload file matches ${pattern}.`);
      notice(`esign-drafts: warning: no payload file matches ${pattern} (--error-on-unmatched-pattern makes this exit 2).`);
      unmatched++;
    }
  }
  return { targets: [...out.entries()].map(([file, entry]) => ({ file, ...entry })), unreadable, unmatched };
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

/** A file's lint; with --fix/--fix-dry-run also the fixed text, when any fix applied. */
function lintFile(file: string, provider: ProviderProfile, content: FileContent, cwd: string, config: CliConfig, variablesOf: VariableSource, fix: LintCommandOptions['fix'], now?: Date, pulled?: PulledState): { lint: FileLint; fixedText?: string } {
  const shown = display(file, cwd);
  // A binary, non-UTF-8 or huge file is one `file` finding (exit 1), not a crash or a usage error.
  if (content.problem !== undefined) return { lint: { file: shown, provider, config: config.source, findings: fileProblemResult('', content.problem, lintConfigFor(provider, file, undefined, config).severities).findings, ...(fix ? { fixes: [] } : {}) } };
  // The environments the file may name: the built-in local-sandbox and the config's (what `send` knows).
  const environments = new EnvironmentChoice(config, {}).for(provider).map((e) => e.name);
  const lintText = (text: string): Finding[] => {
    const parsed = parsePayload(text);
    // The severities follow the config, its overrides and the file's own "$lint" (which a fix may not change, but read it anyway).
    const { severities } = lintConfigFor(provider, file, parsed.value, config);
    return lintParsed(parsed, provider, { severities, variables: variablesOf(parsed.value, provider, config), environments, now, pulled }).findings;
  };
  const findings = lintText(content.text);
  if (!fix) return { lint: { file: shown, provider, config: config.source, findings } };
  // The editor's Fix all, never adding an error (fixText lints the result again).
  const fixed = fixText(content.text, findings, lintText);
  const lines = new LineIndex(content.text);
  const fixes: AppliedFix[] = fixed.applied.map((f) => ({
    ruleId: f.ruleId,
    title: f.title,
    edits: f.edits.map((e) => ({ range: lines.rangeOf(e.offset, e.length), offset: e.offset, length: e.length, newText: e.content })),
  }));
  return { lint: { file: shown, provider, config: config.source, findings: fixed.findings, fixes }, fixedText: fixed.applied.length > 0 ? fixed.text : undefined };
}

/**
 * The variables of the environment the file names in `$request.environment` (the built-in
 * local-sandbox or the config's); otherwise undefined and variables are not checked: lint cannot
 * know the target, and the editor checks a file that names none the same way.
 */
function variablesFor(value: unknown, provider: ProviderProfile, config: CliConfig): Record<string, string> | undefined {
  const request = (value as { $request?: { environment?: unknown } } | undefined)?.$request;
  const name = typeof request === 'object' && request !== null ? request.environment : undefined;
  if (typeof name !== 'string') return undefined;
  // The built-in local-sandbox and the config's environments, as `send` resolves them (and as the editor checks a pinned file).
  const environment = new EnvironmentChoice(config, {}).for(provider).find((e) => e.name === name);
  return environment ? { ...environment.variables } : undefined;
}
