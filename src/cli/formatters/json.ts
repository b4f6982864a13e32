import type { FileLint } from '../lintCommand';
import { jsonOutput } from '../terminalText';

/** `--format json`: one entry per file, exactly the shape README.md (Command line) documents. */
export function formatJson(results: FileLint[]): string {
  const entries = results.map((r) => ({
    file: r.file,
    provider: r.provider.id,
    // The esign-drafts.config.json that governed the file (null: none, the defaults applied).
    config: r.config ?? null,
    diagnostics: r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, range: f.range })),
  }));
  return jsonOutput(JSON.stringify(entries, null, 2));
}
