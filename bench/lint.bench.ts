import * as os from 'node:os';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { lintText, MAX_FINDINGS_PER_RULE } from '../src/core/lint/engine';
import { ignisignProfile } from '../src/core/providers/ignisign/profile';
import { FINDING_KINDS, RULE_OF, payloadWithFindings } from './findingPayloads';
import { largeIgnisignPayload, typicalIgnisignPayload } from './payloads';
import { median } from './stats';

/**
 * Lint latency against VS Code's own JSON language service validating the same text against
 * the same schema (doValidation), in the same process, samples interleaved (ours, theirs, ours…)
 * so that the shared machine's load hits both alike. Goals (issue "One verdict… never in the
 * way"): clean files at most 0.5x at every size; files with 10 to 10 000 findings of each kind
 * at most 1.5x, and linear: each step (10x the findings) about 10x the time, never 100x.
 * Prints figures; the goals are reported, not asserted (no timed tests).
 */
const now = new Date('2026-11-23T12:00:00Z');

const CLEAN_GOAL = 0.5;
const FINDINGS_GOAL = 1.5;
const STEPS = [10, 100, 1000, 10_000];
/** Time spent sampling one case (both engines), after warm-up. */
const CASE_BUDGET_MS = Number(process.env.ESIGN_BENCH_CASE_MS ?? 3000);

function elapsedMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function elapsedMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function formatSize(length: number): string {
  return length >= 1e6 ? `${(length / 1048576).toFixed(2)} MB` : `${(length / 1024).toFixed(1)} KB`;
}

async function main() {
  const schemaUri = 'file:///schemas/' + ignisignProfile.schemaFile;
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: schemaUri, fileMatch: ['*.ignisign.json'], schema: ignisignProfile.updateSchema as any }] });
  const jsonLs = async (text: string) => {
    const document = TextDocument.create('file:///bench/payload.ignisign.json', 'json', 1, text);
    const parsed = service.parseJSONDocument(document);
    return service.doValidation(document, parsed, { schemaValidation: 'error' });
  };
  const ours = (text: string) => lintText(text, ignisignProfile, { now });

  /** Medians of interleaved samples; as many as fit the budget (at least 5 each). */
  async function compare(text: string): Promise<{ oursMs: number; theirsMs: number; runs: number }> {
    // Warm-up, and an estimate of how many runs fit.
    let estimate = 0;
    for (let i = 0; i < 3; i++) estimate = elapsedMs(() => ours(text)) + (await elapsedMsAsync(() => jsonLs(text)));
    const runs = Math.max(5, Math.min(2000, Math.floor(CASE_BUDGET_MS / Math.max(estimate, 0.01))));
    const oursSamples: number[] = [];
    const theirSamples: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternating which goes first, so neither always runs on the other's garbage.
      if (i % 2 === 0) {
        oursSamples.push(elapsedMs(() => ours(text)));
        theirSamples.push(await elapsedMsAsync(() => jsonLs(text)));
      } else {
        theirSamples.push(await elapsedMsAsync(() => jsonLs(text)));
        oursSamples.push(elapsedMs(() => ours(text)));
      }
    }
    return { oursMs: median(oursSamples), theirsMs: median(theirSamples), runs };
  }

  // With the validators precompiled at build time, no schema is compiled here.
  const coldMs = elapsedMs(() => ours(typicalIgnisignPayload()));
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`lint benchmark (node ${process.version}, ${os.cpus().length} CPUs, load average ${load}); first lint (validators precompiled at build time): ${coldMs.toFixed(1)} ms`);
  const unmet: string[] = [];

  console.log(`\nclean files (goal <= ${CLEAN_GOAL}x)`);
  console.log('case        size        runs   ours (median)   json-languageservice (median)   ratio');
  const clean = [
    { name: 'typical', text: typicalIgnisignPayload() },
    { name: '100 KB', text: largeIgnisignPayload(100 * 1024) },
    { name: '1 MB', text: largeIgnisignPayload() },
  ];
  for (const c of clean) {
    // Same answer first: both must see the file as schema-valid, or the comparison is unfair.
    const ourErrors = ours(c.text).findings.filter((f) => f.severity === 'error');
    const theirErrors = (await jsonLs(c.text)).filter((d) => d.severity === 1);
    if (ourErrors.length || theirErrors.length) throw new Error(`${c.name} payload is not clean: ours ${ourErrors.length}, json-ls ${theirErrors.length}`);
    const { oursMs, theirsMs, runs } = await compare(c.text);
    const ratio = oursMs / theirsMs;
    if (ratio > CLEAN_GOAL) unmet.push(`clean ${c.name} ${ratio.toFixed(2)}x`);
    console.log(`${c.name.padEnd(11)} ${formatSize(c.text.length).padEnd(11)} ${String(runs).padStart(5)} ${oursMs.toFixed(3).padStart(12)} ms ${theirsMs.toFixed(3).padStart(18)} ms              ${ratio.toFixed(2)}x`);
  }

  console.log(`\nfiles with findings (goal <= ${FINDINGS_GOAL}x; growth = time at this step / time at the step before, linear is about 10x)`);
  console.log(
    `Note: our engine lists the first ${MAX_FINDINGS_PER_RULE} findings of a rule and counts the rest in one more finding (a payload has a few at most); ` +
      'the JSON service lists every problem it finds. Both are timed doing their whole job on the same text; the "listed" columns say how many each returned.',
  );
  console.log('kind                  findings  size        runs   ours (median)  growth   json-ls (median)  growth   ratio   listed ours / json-ls');
  for (const kind of FINDING_KINDS) {
    let previous: { oursMs: number; theirsMs: number } | undefined;
    for (const n of STEPS) {
      const text = payloadWithFindings(kind, n);
      const ourFindings = ours(text).findings;
      const found = ourFindings.filter((f) => f.ruleId === RULE_OF[kind]).length;
      // The same findings as asked for (the listed ones, plus the one that counts the rest).
      const expected = n > MAX_FINDINGS_PER_RULE ? MAX_FINDINGS_PER_RULE + 1 : n;
      if (found < Math.min(n, MAX_FINDINGS_PER_RULE) || found > expected) throw new Error(`${kind} × ${n}: expected ${expected} ${RULE_OF[kind]} findings, got ${found}`);
      const theirs = (await jsonLs(text)).length;
      const result = await compare(text);
      const ratio = result.oursMs / result.theirsMs;
      if (ratio > FINDINGS_GOAL) unmet.push(`${kind} × ${n} ${ratio.toFixed(2)}x`);
      const growth = (current: number, before: number | undefined) => (before === undefined ? '     -' : `${(current / before).toFixed(1)}x`.padStart(6));
      console.log(
        `${kind.padEnd(21)} ${String(n).padStart(8)}  ${formatSize(text.length).padEnd(11)} ${String(result.runs).padStart(5)} ${result.oursMs.toFixed(3).padStart(11)} ms  ${growth(result.oursMs, previous?.oursMs)} ${result.theirsMs.toFixed(3).padStart(12)} ms    ${growth(result.theirsMs, previous?.theirsMs)}  ${ratio.toFixed(2).padStart(5)}x   ${ourFindings.length} / ${theirs}`,
      );
      previous = result;
    }
  }
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  console.log(unmet.length === 0 ? 'goals met' : `goals NOT all met: ${unmet.join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
