/** What must hold for any input, however broken: checked by the fuzz test on every case. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../src/core/lint/edits';
import { ENGINE_RULES, lintText, type LintOptions, type LintResult } from '../../../src/core/lint/engine';
import type { TextEdit } from '../../../src/core/lint/types';
import { LineIndex } from '../../../src/core/payload/lineIndex';
import type { ProviderProfile } from '../../../src/core/providers/types';

/** A broken invariant; the message says which and where (the test adds the seed). */
export class InvariantError extends Error {}

function fail(message: string): never {
  throw new InvariantError(message);
}

const SEVERITIES = new Set(['error', 'warning', 'info']);
/** Longer messages are not readable in a Problems view; they mean a value was quoted whole. */
export const MAX_MESSAGE_LENGTH = 2000;
const docsExist = new Map<string, boolean>();

function docsPageExists(repoRoot: string, docs: string): boolean {
  let exists = docsExist.get(docs);
  if (exists === undefined) {
    exists = fs.existsSync(path.join(repoRoot, docs));
    docsExist.set(docs, exists);
  }
  return exists;
}

/** Line/character of an offset, computed the slow, obvious way (cross-checks LineIndex on small texts). */
function naivePosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        // An offset between \r and \n is still on the \r's line.
        if (i + 1 === offset) continue;
        i++;
      }
      line++;
      lineStart = i + 1;
    } else if (ch === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export function checkFindings(text: string, result: LintResult, profile: ProviderProfile, options: LintOptions, repoRoot: string, where: string): void {
  const lines = new LineIndex(text);
  const known = new Set([...Object.keys(ENGINE_RULES), ...profile.rules.map((r) => r.id)]);
  for (const f of result.findings) {
    const label = `${where}: finding ${f.ruleId} at ${f.offset}+${f.length}`;
    if (typeof f.ruleId !== 'string' || !known.has(f.ruleId)) fail(`${label}: unknown ruleId ${JSON.stringify(f.ruleId)}`);
    if (!SEVERITIES.has(f.severity)) fail(`${label}: bad severity ${JSON.stringify(f.severity)}`);
    if (typeof f.message !== 'string' || f.message.trim() === '') fail(`${label}: empty message`);
    if (f.message.length > MAX_MESSAGE_LENGTH) fail(`${label}: message is ${f.message.length} characters long: ${f.message.slice(0, 200)}…`);
    if (f.docs !== `docs/rules/${f.ruleId}.md` || !docsPageExists(repoRoot, f.docs)) fail(`${label}: docs ${JSON.stringify(f.docs)} is not an existing rule page`);
    if (typeof f.path !== 'string' || (f.path !== '' && !f.path.startsWith('/'))) fail(`${label}: path ${JSON.stringify(f.path)} is not a JSON Pointer`);
    if (!Number.isInteger(f.offset) || !Number.isInteger(f.length) || f.offset < 0 || f.length < 0 || f.offset + f.length > text.length) {
      fail(`${label}: span outside the document (length ${text.length})`);
    }
    const start = lines.positionAt(f.offset);
    const end = lines.positionAt(f.offset + f.length);
    if (!samePosition(f.range.start, start) || !samePosition(f.range.end, end)) {
      fail(`${label}: range ${JSON.stringify(f.range)} does not match the offsets (${JSON.stringify({ start, end })})`);
    }
    if (text.length <= 20_000) {
      const naiveStart = naivePosition(text, f.offset);
      if (!samePosition(start, naiveStart)) fail(`${label}: LineIndex says ${JSON.stringify(start)}, counting lines says ${JSON.stringify(naiveStart)}`);
    }
    if (!Array.isArray(f.fixes)) fail(`${label}: fixes is not an array`);
    for (const fix of f.fixes) {
      if (typeof fix.title !== 'string' || fix.title.trim() === '') fail(`${label}: a fix has no title`);
      if (fix.title.length > MAX_MESSAGE_LENGTH) fail(`${label}: fix title is ${fix.title.length} characters long`);
      // A command fix (e.g. Convert to Ignisign v4…) writes another file: it has no edits, but names its command.
      if (fix.command !== undefined && fix.edits.length === 0) {
        if (!/^esignDrafts\.\w+$/.test(fix.command)) fail(`${label}, fix "${fix.title.slice(0, 80)}": command "${fix.command}" is not one of the extension's`);
        continue;
      }
      checkEdits(text, fix.edits, `${label}, fix "${fix.title.slice(0, 80)}"`);
    }
  }
  // Severity overrides are honoured.
  for (const [ruleId, setting] of Object.entries(options.severities ?? {})) {
    for (const f of result.findings) {
      if (f.ruleId !== ruleId) continue;
      if (setting === 'off') fail(`${where}: rule ${ruleId} is "off" but reported`);
      if (f.severity !== setting) fail(`${where}: rule ${ruleId} is set to ${setting} but reported as ${f.severity}`);
    }
  }
}

function samePosition(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}

export function checkEdits(text: string, edits: readonly TextEdit[], label: string): void {
  if (!Array.isArray(edits) || edits.length === 0) fail(`${label}: no edits`);
  for (const e of edits) {
    if (typeof e.content !== 'string') fail(`${label}: edit without content`);
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length < 0 || e.offset + e.length > text.length) {
      fail(`${label}: edit ${e.offset}+${e.length} outside the document (length ${text.length})`);
    }
  }
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous.offset + previous.length > current.offset) fail(`${label}: edits ${previous.offset}+${previous.length} and ${current.offset}+${current.length} overlap`);
    if (previous.offset === current.offset && previous.length === 0 && current.length === 0) fail(`${label}: two insertions at ${current.offset} (their order is undefined)`);
  }
}

/** Applies every offered fix and lints the result: still no exception, still valid findings. */
export function checkFixes(
  text: string,
  result: LintResult,
  profile: ProviderProfile,
  options: LintOptions,
  repoRoot: string,
  where: string,
  budget: { relints: number },
): void {
  const hadSyntaxErrors = result.parsed.syntaxErrors.length > 0;
  // Keys written twice, by path: asked of a lint with duplicate-key on, whatever this case's
  // severities say (npm run fuzz, seed 2264089711 case 9345: with duplicate-key "off", renaming one
  // of two "titel" keys left the other's finding, which was taken for the fix not working).
  let duplicatedPaths: Set<string> | undefined;
  const isDuplicated = (path: string) =>
    (duplicatedPaths ??= new Set(lintText(text, profile, { ...options, severities: { ...options.severities, 'duplicate-key': 'warning' } }).findings.filter((f) => f.ruleId === 'duplicate-key').map((f) => f.path))).has(path);
  // Applying a fix copies the text: on a 2 MB file with 1 000 fixes, apply a sample.
  let applications = text.length > 100_000 ? 20 : Infinity;
  for (const finding of result.findings) {
    for (const fix of finding.fixes) {
      // A command fix edits another file (checked in checkFindings), not this one.
      if (fix.command !== undefined && fix.edits.length === 0) continue;
      if (applications-- <= 0) return;
      const fixed = applyEdits(text, fix.edits);
      if (fix.placeholder) {
        // What an editor selects for typing must be the <placeholder> the fix inserted.
        const selected = fixed.slice(fix.placeholder.offset, fix.placeholder.offset + fix.placeholder.length);
        if (!/^<[^<>]+>$/.test(selected)) fail(`${where}: fix "${fix.title.slice(0, 80)}" marks ${JSON.stringify(selected.slice(0, 80))} as its placeholder, not a <placeholder>`);
      }
      if (budget.relints <= 0) continue;
      budget.relints--;
      const label = `${where}, after fix "${fix.title.slice(0, 80)}" of ${finding.ruleId} at ${finding.offset}`;
      let after: LintResult;
      try {
        after = lintText(fixed, profile, options);
      } catch (error) {
        fail(`${label}: lint threw ${describeError(error)}`);
      }
      checkFindings(fixed, after, profile, options, repoRoot, label);
      if (hadSyntaxErrors || result.parsed.tooDeep) continue;
      if (after.parsed.syntaxErrors.length > 0) {
        fail(`${label}: the fix broke the JSON (${after.parsed.syntaxErrors[0].message} at ${after.parsed.syntaxErrors[0].offset}): ${JSON.stringify(excerpt(fixed, after.parsed.syntaxErrors[0].offset))}`);
      }
      // Removing a shadowed duplicate changes nothing that is sent, on purpose; any other fix must.
      if (finding.ruleId !== 'duplicate-key' && sameJson(result.parsed.value, after.parsed.value)) {
        fail(`${label}: the fix changes nothing that is sent (edits ${JSON.stringify(fix.edits).slice(0, 300)})`);
      }
      // (Not for list items: after removing one repeat, the next one takes its index; nor for a
      // duplicated key: a rename renames one of them.)
      if (finding.ruleId !== 'duplicate-key' && !/\/\d+$/.test(finding.path) && after.findings.some((f) => f.ruleId === finding.ruleId && f.path === finding.path && f.message === finding.message) && !isDuplicated(finding.path)) {
        fail(`${label}: the same finding is still there after its fix (edits ${JSON.stringify(fix.edits).slice(0, 300)})`);
      }
    }
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function excerpt(text: string, offset: number): string {
  return text.slice(Math.max(0, offset - 40), offset + 40);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}\n${(error.stack ?? '').split('\n').slice(1, 8).join('\n')}`;
  return `a non-Error value ${String(error).slice(0, 200)}`;
}
