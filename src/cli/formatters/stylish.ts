import type { FileLint } from '../fileLint';
import { terminalField } from '../terminalText';

/**
 * ESLint-style text: one block per file with problems, then a total. File names and messages
 * (which quote the payload's keys and values) are shown with control characters escaped.
 */
export function formatStylish(results: FileLint[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const result of results) {
    if (result.findings.length === 0) continue;
    lines.push(terminalField(result.file));
    const rows = result.findings.map((f) => {
      counts[f.severity]++;
      return [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, terminalField(f.message), terminalField(f.ruleId)];
    });
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) lines.push(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}  ${row[3]}`);
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (total === 0) {
    lines.push(`${plural(results.length, 'file')} checked, no problems.`);
  } else {
    lines.push(`${counts.error ? '✖' : '⚠'} ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(results.length, 'file')}`);
  }
  return lines.join('\n');
}
