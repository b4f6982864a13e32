import path = require('node:path');
import type { SeveritySetting } from '../lint/types';
import { parsePayload, spanAtPointer, type ParsedPayload } from '../payload/parsePayload';
import { toPointer } from '../payload/jsonPointer';
import { parseEnvironment } from '../send/environments';
import type { EnvironmentConfig } from '../send/types';
import type { FileAssociation } from '../providers/detection';
import { configSchemaProblems, type ConfigProblem } from './configSchemaProblems';

export const CONFIG_FILE_NAME = 'esign-drafts.config.json';

/** `overrides[]`: severities for the payload files its globs match (relative to the config's folder). */
export interface ConfigOverride {
  files: string[];
  rules: Readonly<Record<string, SeveritySetting>>;
}

/** esign-drafts.config.json, read and checked: the one project config of the editor, the language server and the CLI. */
export interface ProjectConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its folder: `files` and `overrides` globs are relative to it. */
  directory: string;
  rules: Readonly<Record<string, SeveritySetting>>;
  files: FileAssociation[];
  environments: EnvironmentConfig[];
  overrides: ConfigOverride[];
}

export type ConfigRead =
  | { ok: true; config: ProjectConfig }
  /** The file exists but cannot be used: `problems` are placed in its text (none when it could not be read at all). */
  | { ok: false; file: string; message: string; problems: ConfigProblem[]; parsed?: ParsedPayload };

const EXPECTED = 'Expected JSON like { "rules": { … }, "environments": [ … ], "overrides": [ { "files": [ … ], "rules": { … } } ] }';

/**
 * Reads a config file's text. Anything that cannot be used is a problem placed in the file and a
 * one-line message naming the file: a broken config never silently means the defaults.
 */
export function parseProjectConfig(text: string, file: string): ConfigRead {
  const parsed = parsePayload(text);
  const fail = (problems: ConfigProblem[], message: string): ConfigRead => ({ ok: false, file, message, problems, parsed });
  const lineOf = (offset: number) => parsed.lines.positionAt(offset).line + 1;
  if (parsed.syntaxErrors.length > 0 || parsed.value === undefined) {
    const first = parsed.syntaxErrors[0];
    const problems = parsed.syntaxErrors.map((e) => ({ message: `${e.message.replace(/\.$/, '')}. ${EXPECTED}.`, offset: e.offset, length: Math.max(e.length, 1) }));
    const where = first ? ` (line ${lineOf(first.offset)}): ${first.message.replace(/\.$/, '')}` : ': the file is empty';
    return fail(problems.length > 0 ? problems : [{ message: `The file is empty. ${EXPECTED}.`, offset: 0, length: 0 }], `Cannot read ${file}${where}. ${EXPECTED}.`);
  }
  const invalid = (problems: ConfigProblem[]) =>
    fail(problems, `${file} is not a valid config (schema: schemas/esign-drafts.config.schema.json) (line ${lineOf(problems[0].offset)}): ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid([{ message: `The config must be a JSON object. ${EXPECTED}.`, offset: 0, length: text.length }]);
  const schemaProblems = configSchemaProblems(parsed);
  if (schemaProblems.length > 0) return invalid(schemaProblems);
  // The schema checked every shape below; what it cannot say (an environment's URLs) is checked here.
  const object = raw as { rules?: Record<string, SeveritySetting>; files?: Record<string, string>; environments?: unknown[]; overrides?: ConfigOverride[] };
  const environments: EnvironmentConfig[] = [];
  const problems: ConfigProblem[] = [];
  (object.environments ?? []).forEach((entry, index) => {
    const { environment, problem } = parseEnvironment(entry, 'config');
    if (environment) environments.push(environment);
    else problems.push({ message: `${problem}.`, ...spanAtPointer(parsed, toPointer(['environments', index])) });
  });
  if (problems.length > 0) return invalid(problems);
  return {
    ok: true,
    config: {
      file,
      directory: path.dirname(file),
      rules: { ...object.rules },
      files: Object.entries(object.files ?? {}).map(([pattern, provider]) => ({ pattern, provider })),
      environments,
      overrides: (object.overrides ?? []).map((o) => ({ files: [...o.files], rules: { ...o.rules } })),
    },
  };
}
