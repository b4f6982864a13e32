import { bundledSchema } from '../lint/bundledSchema';
import type { ParsedPayload } from '../payload/parsePayload';
import { spanAtPointer } from '../payload/parsePayload';
import { MAX_SCHEMA_REPORTS, schemaReports } from '../lint/schemaFindings';
import { validateAgainstOwnSchema } from '../lint/schemaValidator';

const CONFIG_SCHEMA_FILE = 'esign-drafts.config.schema.json';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- parsed on first need (see bundledSchema.ts)
const configSchema = bundledSchema(() => require('../../../schemas/esign-drafts.config.schema.json'));

/** At most this many problems are listed: the first few say what is wrong. */
const MAX_LISTED = 10;

/** A problem of a config file, placed in it (an editor shows it there; the CLI prints line and column). */
export interface ConfigProblem {
  message: string;
  offset: number;
  length: number;
}

/**
 * The problems of esign-drafts.config.json against schemas/esign-drafts.config.schema.json
 * (validated by the build-time validator, so `lint` never loads Ajv's compiler), in file order.
 * Empty when the config is valid.
 */
export function configSchemaProblems(parsed: ParsedPayload): ConfigProblem[] {
  const errors = validateAgainstOwnSchema(CONFIG_SCHEMA_FILE, configSchema, parsed.value);
  if (errors.length === 0) return [];
  return schemaReports(parsed, configSchema(), errors, MAX_SCHEMA_REPORTS, 'the config')
    .map(({ report }) => ({ message: report.message, ...(report.span ?? spanAtPointer(parsed, report.path, report.target)) }))
    .sort((a, b) => a.offset - b.offset);
}

/** Problems as lines "line 3, column 5: Unknown property … Did you mean …?", the first few only. */
export function problemLines(parsed: ParsedPayload, problems: readonly ConfigProblem[]): string[] {
  const lines = problems.slice(0, MAX_LISTED).map(({ message, offset }) => {
    const { line, character } = parsed.lines.positionAt(offset);
    return `line ${line + 1}, column ${character + 1}: ${message}`;
  });
  if (problems.length > MAX_LISTED) lines.push(`…and ${problems.length - MAX_LISTED} more.`);
  return lines;
}
