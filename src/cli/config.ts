import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../core/lint/types';
import { parsePayload } from '../core/payload/parsePayload';
import { providerIdList, type FileAssociation } from '../core/providers/registry';
import { configProblems } from './configSchema';
import { checkGlob } from './globLimits';
import { UsageError } from './usageError';

export const DEFAULT_CONFIG_FILE = 'esign-drafts.config.json';

/** esign-drafts.config.json: the CLI's counterpart of the extension's settings. */
export interface CliConfig {
  /** Same shape as an `esignDrafts.environments` entry. */
  environments: Record<string, unknown>[];
  rules: Record<string, SeveritySetting>;
  files: FileAssociation[];
  /** The file it came from, when there was one. */
  source?: string;
}

/** Reads --config, or esign-drafts.config.json in the working directory when it exists. */
export function loadConfig(explicitPath: string | undefined, cwd: string): CliConfig {
  const file = explicitPath ? path.resolve(cwd, explicitPath) : path.join(cwd, DEFAULT_CONFIG_FILE);
  if (!fs.existsSync(file)) {
    if (explicitPath) throw new UsageError(`Config file not found: ${explicitPath}`);
    return { environments: [], rules: {}, files: [] };
  }
  const parsed = parsePayload(fs.readFileSync(file, 'utf8'));
  const syntax = parsed.syntaxErrors[0];
  if (syntax || parsed.value === undefined) {
    const where = syntax ? ` (line ${parsed.lines.positionAt(syntax.offset).line + 1}): ${syntax.message.replace(/\.$/, '')}` : '';
    throw new UsageError(`Cannot read ${file}${where}. Expected JSON like { "environments": [ … ], "rules": { … } }.`);
  }
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${file} must hold a JSON object like { "environments": [ … ], "rules": { … } }.`);
  }
  const problems = configProblems(parsed);
  if (problems.length > 0) {
    throw new UsageError(`${file} is not a valid config (schema: schemas/esign-drafts.config.schema.json):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const object = raw as Record<string, unknown>;
  const environments = object.environments ?? [];
  if (!Array.isArray(environments) || environments.some((e) => typeof e !== 'object' || e === null)) {
    throw new UsageError(`${file}: "environments" must be an array of objects like { "name": "staging", "provider": "ignisign", … }.`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const [ruleId, setting] of Object.entries((object.rules as Record<string, unknown>) ?? {})) {
    if (setting !== 'off' && setting !== 'info' && setting !== 'warning' && setting !== 'error') {
      throw new UsageError(`${file}: rules["${ruleId}"] is ${JSON.stringify(setting)}; expected "off", "info", "warning" or "error".`);
    }
    rules[ruleId] = setting;
  }
  const files: FileAssociation[] = [];
  for (const [pattern, provider] of Object.entries((object.files as Record<string, unknown>) ?? {})) {
    if (typeof provider !== 'string') throw new UsageError(`${file}: files["${pattern}"] must name a provider (${providerIdList()}).`);
    checkGlob(pattern, `${file}: "files"`);
    files.push({ pattern, provider });
  }
  return { environments: environments as Record<string, unknown>[], rules, files, source: file };
}
