import type { FileLint } from '../fileLint';
import { jsonOutput } from '../terminalText';

/**
 * `--format json`: one entry per file, exactly the shape README.md (Command line) documents; with --fix or
 * --fix-dry-run each entry also has "fixes" (the edits, in the file as it was read).
 */
export function formatJson(results: FileLint[]): string {
  const entries = results.map((r) => ({
    file: r.file,
    provider: r.provider.id,
    // The esign-drafts.config.json that governed the file (null: none, the defaults applied).
    config: r.config ?? null,
    diagnostics: r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, range: f.range })),
    ...(r.fixes ? { fixes: r.fixes } : {}),
  }));
  return jsonOutput(JSON.stringify(entries, null, 2));
}
