import type { Severity } from '../../core/lint/types';
import type { FileLint } from '../fileLint';

/** Workflow command per severity: GitHub shows error, warning and notice annotations. */
const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * A command's message, escaped as GitHub's toolkit does (actions/toolkit, packages/core/src/command.ts,
 * escapeData): `%`, CR and LF, so that one finding stays one command.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file, title), escaped as the toolkit's escapeProperty: also `:` and `,`, which end a value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands),
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule id>::<message>`, lines and
 * columns 1-based. The file is as shown (relative to the working directory), which the runner
 * reads relative to the repository when the job runs at its root.
 */
export function formatGithub(results: FileLint[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const f of result.findings) {
      const properties = [
        `file=${escapeProperty(result.file)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(f.ruleId)}`,
      ];
      lines.push(`::${COMMANDS[f.severity]} ${properties.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.join('\n');
}
