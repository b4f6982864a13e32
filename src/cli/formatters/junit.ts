import type { Finding } from '../../core/lint/types';
import type { FileLint } from '../fileLint';

/**
 * XML 1.0 text: the five markup characters as entities; characters XML cannot hold at all
 * (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF) shown as `\uXXXX`.
 */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- characters XML 1.0 forbids are the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // In attributes, line breaks and tabs would be normalised to spaces by the reader: kept as references.
      .replace(/\r/g, '&#13;')
      .replace(/\n/g, '&#10;')
      .replace(/\t/g, '&#9;')
  );
}

function isFailure(finding: Finding): boolean {
  return finding.severity !== 'info';
}

function testcase(file: string, f: Finding): string {
  const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const name = xmlText(`${where} ${f.ruleId}`);
  const detail = xmlText(`${f.severity} ${where} ${f.message} (${f.ruleId})${f.path ? ` at ${f.path}` : ''}`);
  if (!isFailure(f)) return `    <testcase classname="${xmlText(file)}" name="${name}" time="0"><system-out>${detail}</system-out></testcase>`;
  return `    <testcase classname="${xmlText(file)}" name="${name}" time="0"><failure type="${xmlText(f.severity)}" message="${xmlText(f.message)}">${detail}</failure></testcase>`;
}

/**
 * `--format junit` (GitLab, Jenkins, Azure Pipelines read JUnit XML): one testsuite per file,
 * one testcase per finding. Errors and warnings are failures (as ESLint's junit formatter has
 * them); an info is a passing testcase with the message as its output. A file without findings
 * is one passing testcase, so that the report lists every file linted.
 */
export function formatJunit(results: FileLint[]): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  const total = results.reduce((n, r) => n + Math.max(1, r.findings.length), 0);
  const failures = results.reduce((n, r) => n + r.findings.filter(isFailure).length, 0);
  lines.push(`<testsuites name="esign-drafts" tests="${total}" failures="${failures}" errors="0">`);
  for (const r of results) {
    const file = xmlText(r.file);
    const failed = r.findings.filter(isFailure).length;
    lines.push(`  <testsuite name="${file}" package="esign-drafts" tests="${Math.max(1, r.findings.length)}" failures="${failed}" errors="0" skipped="0" time="0">`);
    if (r.findings.length === 0) lines.push(`    <testcase classname="${file}" name="no problems" time="0"/>`);
    for (const f of r.findings) lines.push(testcase(r.file, f));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
}
