/** Shared helpers for the lint unit tests: a fixed clock, short lint calls and fix application. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/lint/edits';
import { lintText, type LintOptions } from '../../src/core/lint/engine';
import type { Finding } from '../../src/core/lint/types';
import { providerById } from '../../src/core/providers/registry';

/** Compiled to out/test/unit/, three levels below the repository root. */
export const REPO_ROOT = path.join(__dirname, '../../..');

/** Every test measures "the past" against this moment. */
export const NOW = new Date('2026-11-23T12:00:00Z');

export type ProviderId = 'ignisign' | 'ignisign-v4' | 'zigned';

export function profile(id: ProviderId) {
  const found = providerById(id);
  assert.ok(found, `provider ${id} is registered`);
  return found;
}

/** Lints with the fixed clock, and checks that every finding links to an existing docs page. */
export function lint(text: string, provider: ProviderId, options: LintOptions = {}): Finding[] {
  // The once-per-file v3 notice would be in every v3 test's findings: off unless a test asks for it.
  const severities = { 'ignisign/v3-archived': 'off' as const, ...options.severities };
  const { findings } = lintText(text, profile(provider), { now: NOW, ...options, severities });
  for (const f of findings) {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, f.docs)), `docs page ${f.docs} exists for ${f.ruleId}`);
  }
  return findings;
}

export function withRule(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** The one finding of a rule (fails when there are none or several). */
export function single(findings: readonly Finding[], ruleId: string): Finding {
  const matching = withRule(findings, ruleId);
  assert.equal(matching.length, 1, `expected one ${ruleId} finding, got ${matching.length}: ${JSON.stringify(findings.map((f) => [f.ruleId, f.path, f.message]), null, 1)}`);
  return matching[0];
}

/** Applies the fix whose title contains `titlePart` (or the only fix) to the text. */
export function applyFix(text: string, finding: Finding, titlePart?: string): string {
  const fix = titlePart === undefined ? finding.fixes[0] : finding.fixes.find((f) => f.title.includes(titlePart));
  assert.ok(fix, `fix "${titlePart ?? '(first)'}" offered; got ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  return applyEdits(text, fix.edits);
}

/** Pretty JSON, as users keep payload files. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The exact text a finding underlines. */
export function underlined(text: string, finding: Finding): string {
  return text.slice(finding.offset, finding.offset + finding.length);
}
