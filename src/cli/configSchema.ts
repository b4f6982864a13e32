import configSchema from '../../schemas/esign-drafts.config.schema.json';
import type { ParsedPayload } from '../core/payload/parsePayload';
import { spanAtPointer } from '../core/payload/parsePayload';
import { MAX_SCHEMA_REPORTS, schemaReports } from '../core/lint/schemaFindings';
import { validateAgainst } from '../core/lint/schemaValidator';

/** At most this many problems are listed: the first few say what is wrong. */
const MAX_LISTED = 10;

/**
 * The problems of esign-drafts.config.json against schemas/esign-drafts.config.schema.json
 * (validated by the build-time validator, so `lint` never loads Ajv's compiler), as lines
 * "line 3, column 5: Unknown property … Did you mean …?". Empty when the config is valid.
 */
export function configProblems(parsed: ParsedPayload): string[] {
  const schema = configSchema as Record<string, unknown>;
  const reports = schemaReports(parsed, schema, validateAgainst(schema, parsed.value), MAX_SCHEMA_REPORTS, 'the config')
    .map(({ report }) => ({ message: report.message, offset: (report.span ?? spanAtPointer(parsed, report.path, report.target)).offset }))
    .sort((a, b) => a.offset - b.offset);
  const lines = reports.slice(0, MAX_LISTED).map(({ message, offset }) => {
    const { line, character } = parsed.lines.positionAt(offset);
    return `line ${line + 1}, column ${character + 1}: ${message}`;
  });
  if (reports.length > MAX_LISTED) lines.push(`…and ${reports.length - MAX_LISTED} more.`);
  return lines;
}
