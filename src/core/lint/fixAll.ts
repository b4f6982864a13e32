import { editsOverlap } from './edits';
import type { Finding, TextEdit } from './types';

/** One preferred fix taken by "Fix all": the finding's rule, the fix's title and its edits. */
export interface ChosenFix {
  ruleId: string;
  title: string;
  edits: TextEdit[];
}

/**
 * Every preferred fix whose edits overlap none already taken (first come, in document order):
 * overlapping edits in one WorkspaceEdit are refused by editors, and a second fix of the same
 * span would be computed against text the first already changed. The editor's Fix all and
 * `esign-drafts lint --fix` both take these.
 */
export function preferredFixes(findings: readonly Finding[]): ChosenFix[] {
  const chosen: ChosenFix[] = [];
  const taken: TextEdit[] = [];
  const ordered = [...findings].sort((a, b) => a.offset - b.offset);
  for (const finding of ordered) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((edit) => taken.some((other) => editsOverlap(edit, other)))) continue;
    taken.push(...fix.edits);
    chosen.push({ ruleId: finding.ruleId, title: fix.title, edits: fix.edits });
  }
  return chosen;
}

/** The edits of every preferred fix (see preferredFixes), in document order. */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  return preferredFixes(findings)
    .flatMap((fix) => fix.edits)
    .sort((a, b) => a.offset - b.offset);
}

/** `text` with non-overlapping edits (offsets into `text`) applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    out += text.slice(at, edit.offset) + edit.content;
    at = edit.offset + edit.length;
  }
  return out + text.slice(at);
}

/** What fixing a text gave: the new text, the fixes kept, and the findings of the new text. */
export interface FixedText {
  text: string;
  applied: ChosenFix[];
  findings: Finding[];
}

/**
 * The preferred fixes applied, never adding an error: the result is linted again, and when an
 * error appears that was not there before (same rule, path and message), the fixes are tried one
 * by one in document order and each one that brings a new error is dropped. `lint` lints a text.
 */
export function fixText(text: string, findings: readonly Finding[], lint: (text: string) => Finding[]): FixedText {
  const candidates = preferredFixes(findings);
  if (candidates.length === 0) return { text, applied: [], findings: [...findings] };
  const before = errorKeys(findings);
  const all = tryFixes(text, candidates, lint);
  if (!bringsNewError(before, all.findings)) return { text: all.text, applied: candidates, findings: all.findings };
  let kept: ChosenFix[] = [];
  let best: FixedText = { text, applied: [], findings: [...findings] };
  for (const candidate of candidates) {
    const attempt = tryFixes(text, [...kept, candidate], lint);
    if (bringsNewError(before, attempt.findings)) continue;
    kept = [...kept, candidate];
    best = { ...attempt, applied: kept };
  }
  return best;
}

function tryFixes(text: string, fixes: readonly ChosenFix[], lint: (text: string) => Finding[]): { text: string; findings: Finding[] } {
  const fixed = applyEdits(
    text,
    fixes.flatMap((f) => f.edits),
  );
  return { text: fixed, findings: lint(fixed) };
}

function errorKeys(findings: readonly Finding[]): Map<string, number> {
  const keys = new Map<string, number>();
  for (const f of findings) if (f.severity === 'error') keys.set(keyOf(f), (keys.get(keyOf(f)) ?? 0) + 1);
  return keys;
}

function keyOf(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.path}\u0000${finding.message}`;
}

function bringsNewError(before: ReadonlyMap<string, number>, after: readonly Finding[]): boolean {
  const remaining = new Map(before);
  for (const f of after) {
    if (f.severity !== 'error') continue;
    const left = remaining.get(keyOf(f)) ?? 0;
    if (left === 0) return true;
    remaining.set(keyOf(f), left - 1);
  }
  return false;
}
