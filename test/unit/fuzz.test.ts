/**
 * Fuzz test: thousands of mutated payloads (truncated, retyped, deeply nested, huge, odd Unicode,
 * comments, BOMs, line endings, duplicate keys, variables and placeholders in odd places…)
 * through the lint engine, every offered fix, and the send path's body preparation.
 *
 * Then random LSP messages, valid and broken, against one `esign-drafts lsp --stdio` process
 * (ESIGN_FUZZ_MESSAGES, default 300; `npm run fuzz` sends 10 000): it must never exit, answer
 * every request (a valid one without an internal error), log no handler failure, and stay within
 * a resident-memory bound. ESIGN_FUZZ_LOG=<file> writes every message sent, one JSON line each.
 *
 * Seeded and reproducible: ESIGN_FUZZ_SEED (default below) and ESIGN_FUZZ_CASES (default 3000).
 * A failure names its seed and case; ESIGN_FUZZ_CASE=<index> replays just that case, and the
 * failing input is written to a temp file for a closer look. `npm run fuzz` runs long, randomly
 * seeded campaigns (scripts/fuzz.mjs).
 *
 * Nothing here is timed: a busy machine must not fail it. The cost of pathological inputs is
 * bounded by counting work instead (characters parsed per lint, see workMeter).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/lint/edits';
import type { TextEdit } from '../../src/core/lint/types';
import { prepareBody } from '../../src/core/send/prepareBody';
import { lintText, type LintOptions } from '../../src/core/lint/engine';
import { pathToFileURL } from 'node:url';
import { checkFixes, describeError, InvariantError } from '../support/fuzz/invariants';
import { LspMessageGenerator, type FuzzMessage } from '../support/fuzz/lspMessages';
import { Prng } from '../support/fuzz/prng';
import { RawLspClient, type ResponseMessage } from '../support/rawLsp';
import { makeCase, runCase, type FuzzEnvironment } from '../support/fuzz/runCase';
import { measureParsing } from '../support/fuzz/workMeter';
import { loadSeeds } from '../support/fuzz/seeds';
import { json, lint, NOW, profile, REPO_ROOT, single } from './lintSupport';

const DEFAULT_SEED = 20261123;
const DEFAULT_CASES = 3000;
const DEFAULT_MESSAGES = 300;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

describe('fuzz: lint, fixes and body preparation survive any input', function () {
  const seed = envInt('ESIGN_FUZZ_SEED', DEFAULT_SEED) >>> 0;
  const cases = envInt('ESIGN_FUZZ_CASES', DEFAULT_CASES);
  // Not a time bound on the work (there is none): mocha's 20 s default would cut a run short.
  this.timeout(Math.max(600_000, cases * 200));
  const only = process.env.ESIGN_FUZZ_CASE ? envInt('ESIGN_FUZZ_CASE', 0) : undefined;

  it(`${only === undefined ? cases : 1} cases, seed ${seed}`, () => {
    const env: FuzzEnvironment = {
      repoRoot: REPO_ROOT,
      seeds: loadSeeds(REPO_ROOT),
      profiles: { ignisign: profile('ignisign'), zigned: profile('zigned') },
      now: NOW,
    };
    assert.ok(env.seeds.length >= 50, `seeds loaded (${env.seeds.length})`);
    const failures: string[] = [];
    const indices = only === undefined ? Array.from({ length: cases }, (_, i) => i) : [only];
    // The case that made the engine parse the most per character of input (a linear engine stays
    // at a small constant; see MAX_PARSES_PER_LINT in runCase).
    let heaviest = { index: -1, parsesPerLint: 0 };
    const started = Date.now();
    for (const index of indices) {
      const c = makeCase(env, seed, index);
      let problem: string | undefined;
      try {
        const { parsesPerLint } = runCase(env, c);
        if (parsesPerLint > heaviest.parsesPerLint) heaviest = { index, parsesPerLint };
      } catch (error) {
        problem = error instanceof InvariantError ? error.message : `escaped: ${describeError(error)}`;
      }
      if (problem) {
        const file = path.join(os.tmpdir(), `esign-fuzz-${seed}-${index}.json`);
        fs.writeFileSync(file, c.text);
        failures.push(
          `case ${index} (replay: ESIGN_FUZZ_SEED=${seed} ESIGN_FUZZ_CASE=${index}), seed file ${c.seed.name} (${c.seed.provider}), ` +
            `mutations ${c.mutations.join(' · ')}, input ${c.text.length} chars in ${file}\n  ${problem.replace(/\n/g, '\n  ')}`,
        );
        if (failures.length >= 10) break;
      }
    }
    // The time is information for whoever reads the log, never a verdict.
    const summary = `${indices.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, heaviest case ${heaviest.index} (${heaviest.parsesPerLint.toFixed(2)} parses of the file per lint), seed ${seed}`;
    if (process.env.ESIGN_FUZZ_VERBOSE) console.log(`      ${summary}`);
    assert.equal(failures.length, 0, `${failures.length}${failures.length >= 10 ? '+' : ''} fuzz failure(s) (${summary}):\n\n${failures.join('\n\n')}`);
  });
});

describe('fuzz: the language server survives any message', function () {
  const seed = envInt('ESIGN_FUZZ_SEED', DEFAULT_SEED) >>> 0;
  const messages = envInt('ESIGN_FUZZ_MESSAGES', DEFAULT_MESSAGES);
  // Not a time bound on the work (there is none): mocha's 20 s default would cut a run short.
  this.timeout(Math.max(600_000, messages * 500));
  /** Messages sent before their answers are awaited: requests in flight together, as from an editor. */
  const BATCH = 25;
  /**
   * The server's resident memory may not pass this, whatever it is sent (texts are at most
   * MAX_FUZZ_TEXT characters, nine documents at a time): a size, not a time. Formatting one
   * 40 KB file nested 20 000 deep used to take it past 4 GB.
   */
  const MAX_RESIDENT_BYTES = 768 * 1024 * 1024;
  /** Errors any request may get: an unknown method, a request the fuzzer cancelled. */
  const EXPECTED_ERRORS = new Set([-32601, -32800]);

  it(`${messages} LSP messages, seed ${seed}`, async () => {
    const prng = new Prng(seed ^ 0x5eed1a5);
    const folder = pathToFileURL(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads')).href;
    const generator = new LspMessageGenerator(prng, loadSeeds(REPO_ROOT), folder);
    const client = new RawLspClient(REPO_ROOT);
    // Only what the run judges is kept: failures the server logged (its other messages are counted).
    client.keep = (method, params) => method === 'window/logMessage' && /failed/.test(String((params as { message?: unknown })?.message));
    client.settings = generator.settings();
    client.answer = (method) => (method === 'esignDrafts/variables' ? generator.variables() : null);
    const failures: string[] = [];
    const recent: string[] = [];
    let sent = 0;
    let requests = 0;
    let broken = 0;
    let maxResident = 0;
    const started = Date.now();
    try {
      await client.initialize(folder, { workspace: { configuration: true, workspaceFolders: true } }, { variables: true, requestFields: true, showDocumentationCommand: 'esignDrafts.showRuleDocumentation' });
      let pending: { index: number; message: FuzzMessage; text: string | undefined; answer: Promise<ResponseMessage> }[] = [];
      for (let index = 0; index < messages && failures.length < 10; index++) {
        const message = generator.next();
        sent++;
        if (message.method === 'workspace/didChangeConfiguration') client.settings = generator.settings();
        if (message.broken) broken++;
        recent.push(`#${index} ${message.kind} ${message.method}${message.broken ? ' (broken)' : ''} ${JSON.stringify(message.params ?? null).slice(0, 160)}`);
        if (recent.length > 12) recent.shift();
        // Every message sent, one JSON line each, when asked (to replay a failure message by message).
        if (process.env.ESIGN_FUZZ_LOG) fs.appendFileSync(process.env.ESIGN_FUZZ_LOG, `${JSON.stringify({ index, kind: message.kind, method: message.method, params: message.params, settings: client.settings })}\n`);
        if (message.kind === 'request') {
          requests++;
          // The document as the server holds it (as far as the messages sent tell), for a failure's closer look.
          const text = generator.textOf((message.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri);
          pending.push({ index, message, text, answer: client.request(message.method, message.params) });
        } else client.notify(message.method, message.params);
        if (pending.length >= BATCH || index === messages - 1 || !client.alive) {
          for (const { index: at, message: request, text, answer } of pending) {
            const response = await answer.catch((error: unknown) => ({ id: null, error: { code: 0, message: describeError(error) } }));
            if (response.error && (response.error.code === 0 || (!request.broken && !EXPECTED_ERRORS.has(response.error.code)))) {
              const file = path.join(os.tmpdir(), `esign-lsp-fuzz-${seed}-${at}.json`);
              if (text !== undefined) fs.writeFileSync(file, text);
              failures.push(`#${at} ${request.method} ${JSON.stringify(request.params ?? null).slice(0, 300)}: ${response.error.code} ${response.error.message.slice(0, 500)}${text === undefined ? '' : ` (document text in ${file})`}`);
            }
          }
          pending = [];
          maxResident = Math.max(maxResident, client.residentBytes() ?? 0);
          if (!client.alive) failures.push(`the server exited (${client.child.exitCode ?? client.child.signalCode}) after message #${index}; stderr: ${client.stderr.slice(-1500)}`);
          if (maxResident > MAX_RESIDENT_BYTES) failures.push(`resident memory ${Math.round(maxResident / 1048576)} MB after message #${index}, over ${MAX_RESIDENT_BYTES / 1048576} MB`);
          if (failures.length > 0) break;
        }
      }
      for (const log of client.notifications) failures.push(`the server logged: ${String((log.params as { message: string }).message).slice(0, 800)}`);
      if (failures.length === 0) assert.equal(await client.stop(), 0, 'the server still shuts down and exits with 0');
    } finally {
      client.kill();
    }
    // The time is information for whoever reads the log, never a verdict.
    const summary = `${sent} messages of ${messages} (${requests} requests, ${broken} broken) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${client.notificationCount} notifications back, peak resident ${Math.round(maxResident / 1048576)} MB, seed ${seed}`;
    if (process.env.ESIGN_FUZZ_VERBOSE) console.log(`      ${summary}`);
    assert.equal(failures.length, 0, `${failures.length} language-server fuzz failure(s) (${summary}; replay: ESIGN_FUZZ_SEED=${seed} ESIGN_FUZZ_MESSAGES=${messages}):\n\n${failures.join('\n\n')}\n\nlast messages sent:\n${recent.join('\n')}`);
  });
});

/** Inputs the fuzzer found, each kept as a plain test of what it broke. */
describe('fuzz findings (regressions)', () => {
  const removeFix = (finding: { fixes: { title: string; edits: TextEdit[] }[] }, title: string) => {
    const fix = finding.fixes.find((f) => f.title === title);
    assert.ok(fix, `fix "${title}" offered; got ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
    return fix;
  };

  it('a syntax error at the very end stays inside the document', () => {
    for (const text of ['{', '{"title": "x"', '{"a": 1 /* open']) {
      for (const f of lint(text, 'ignisign')) assert.ok(f.offset + f.length <= text.length, `${f.ruleId} ${f.offset}+${f.length} in ${text.length}`);
    }
  });

  it('a fix after an unterminated block comment stays inside the document', () => {
    const text = '{\r\n\t"$request" : {\r/*\n\t\t"id" : "12345"\r\n\t}\r\n}\r\n';
    for (const f of lint(text, 'ignisign')) {
      for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.offset + e.length <= text.length, `${fix.title}: ${e.offset}+${e.length} in ${text.length}`);
    }
  });

  it('a "__proto__" key is a key: sent as written, and not a prototype the rules read from', () => {
    const text = '{"__proto__": {"diffusionMode": "SCHEDULED"}, "title": "T", "signerIds": ["s"], "documentIds": ["d"]}';
    const findings = lint(text, 'ignisign');
    assert.ok(!findings.some((f) => f.ruleId === 'ignisign/scheduled-without-diffusion-date'), 'no rule sees diffusionMode');
    assert.equal(single(findings, 'unknown-property').path, '/__proto__');
    assert.equal(prepareBody(JSON.parse('{"$request": {}, "a": {"__proto__": {"x": "{{v}}"}}, "__proto__": 1}'), { v: 'V' }), '{"a":{"__proto__":{"x":"V"}},"__proto__":1}');
  });

  it('prepareBody refuses values nested deeper than the limit with a clear Error', () => {
    const deep = JSON.parse(`{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    assert.throws(() => prepareBody(deep, {}), (error: unknown) => error instanceof Error && !(error instanceof RangeError) && /deeper than 100 levels; the APIs take flat objects/.test(error.message));
    assert.equal(prepareBody(JSON.parse(`{"a": ${'['.repeat(99)}${']'.repeat(99)}}`), {}).length, 204);
  });

  it('an object key made of digits is a key in fixes, not an array index (modify used to throw)', () => {
    const text = '{"issuer": {"0": 1, "email": "a@b.se"}}';
    const findings = lint(text, 'zigned');
    const unknown = single(findings, 'unknown-property');
    assert.equal(unknown.path, '/issuer/0');
    assert.deepEqual(JSON.parse(applyEdits(text, removeFix(unknown, 'Remove "0"').edits)), { issuer: { email: 'a@b.se' } });
  });

  it('fixes reach the last of duplicated keys, which is what is sent', () => {
    // Through a duplicated parent: the property is removed from the $request that counts.
    const text = '{\n  "$request": { "id": "c13o41jn75q7v9yuaat32x7cc" },\n  "$request": {\n    "prototype": 1,\n    "id": "c13o41jn75q7v9yuaat32x7cc"\n  }\n}\n';
    const unknown = single(lint(text, 'zigned'), 'unknown-property');
    assert.equal(JSON.stringify(JSON.parse(applyEdits(text, removeFix(unknown, 'Remove "prototype"').edits)).$request), '{"id":"c13o41jn75q7v9yuaat32x7cc"}');
    // A duplicated target: removing it removes every copy, or an earlier one would take its place.
    const twice = json({ signerIds: ['s'], documentIds: ['d'], diffusionMode: 'WHEN_READY', diffusionDate: '2030-01-15T09:00:00Z' }).replace('"diffusionDate"', '"diffusionDate": "2031-01-01T00:00:00Z",\n  "diffusionDate"');
    const ignored = single(lint(twice, 'ignisign'), 'ignisign/diffusion-date-ignored');
    assert.ok(!('diffusionDate' in JSON.parse(applyEdits(twice, removeFix(ignored, 'Remove diffusionDate').edits))));
  });

  it('no "Rename" onto a key the object already has (it would shadow it)', () => {
    const unknown = single(lint('{"trust_level": "QES", "trust_levle": "AES"}', 'zigned'), 'unknown-property');
    assert.match(unknown.message, /did you mean "trust_level"\?/);
    assert.deepEqual(unknown.fixes.map((f) => f.title), ['Remove "trust_levle"']);
  });

  it('quick fixes keep a minified file on one line', () => {
    const text = JSON.stringify({ title: 'A one-line payload written by a script', signerIds: ['65f1c2a9e4b0a1b2c3d4e5f7'], documentIds: ['65f1c2a9e4b0a1b2c3d4e600'], titel: 'x' });
    const unknown = single(lint(text, 'ignisign'), 'unknown-property');
    const fixed = applyEdits(text, removeFix(unknown, 'Remove "titel"').edits);
    assert.ok(!fixed.includes('\n'), fixed);
    assert.equal(JSON.parse(fixed).titel, undefined);
  });

  it('a 1 MB key or value is quoted short, and costs no "did you mean" over a megabyte', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const text = JSON.stringify({ [huge]: 1, trust_level: huge });
    const { result: findings, characters } = measureParsing(() => lint(text, 'zigned'));
    assert.ok(characters <= 2 * text.length, `parsed ${characters} characters of ${text.length}`);
    assert.equal(findings.length, 2);
    for (const f of findings) assert.ok(f.message.length < 400, f.message.slice(0, 100));
    assert.match(single(findings, 'unknown-property').message, /^Unknown property "x{59}…" in the update body\. Expected one of: /);
  });

  it('a rule that quotes a 1 MB value still gives a readable message and fix titles', () => {
    const huge = 'y'.repeat(1024 * 1024);
    const findings = lint(JSON.stringify({ signerIds: ['s'], documentIds: ['d'], signersAsApprover: [huge], recipients: [huge] }), 'ignisign');
    for (const ruleId of ['ignisign/approver-not-signer', 'ignisign/recipient-not-email']) {
      const finding = single(findings, ruleId);
      assert.ok(finding.message.length <= 1000, `${ruleId}: ${finding.message.length} characters`);
      assert.match(finding.message, /"y{79}…"/);
      for (const fix of finding.fixes) assert.ok(fix.title.length <= 1000, fix.title.slice(0, 80));
    }
  });

  it('"Move to signerIds" is not offered where its two edits would touch (an array left open at the end)', () => {
    // npm run fuzz, seed 145519438 case 8250: the removal from recipients and the new signerIds
    // after it overlapped, which an editor refuses.
    const text = '{\n\t"$request":{\n\t\t"id":"65f1c2a9e4b0a1b2c3d4e5f6"\n\t},\n\t"diffusionMode":"SCHEDULED",\n\t"recipients":[\n\t\t"65f1c2a9e4b0a1b2c3d4e601"\n\t]';
    const finding = single(lint(text, 'ignisign'), 'ignisign/recipient-not-email');
    for (const fix of finding.fixes) {
      const sorted = [...fix.edits].sort((a, b) => a.offset - b.offset);
      for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].offset + sorted[i - 1].length <= sorted[i].offset, `${fix.title}: edits overlap`);
    }
    const closed = `${text}\n}`;
    const move = single(lint(closed, 'ignisign'), 'ignisign/recipient-not-email').fixes.find((f) => f.title.startsWith('Move'));
    assert.ok(move, 'offered once the file is whole');
    assert.deepEqual(JSON.parse(applyEdits(closed, move.edits)).signerIds, ['65f1c2a9e4b0a1b2c3d4e601']);
  });

  it('renaming one of two duplicated keys is not taken for a fix that did nothing, whatever the severities', () => {
    // npm run fuzz, seed 2264089711 case 9345: with duplicate-key "off", the harness could not see
    // that "titel" was written twice, and took the other key's finding for the same one.
    const text = '{"titel": "A", "$request": {"id": "65f1c2a9e4b0a1b2c3d4e5f6"}, "titel": "B"}';
    const options: LintOptions = { severities: { 'duplicate-key': 'off' }, now: NOW };
    const result = lintText(text, profile('ignisign'), options);
    assert.ok(single(result.findings, 'unknown-property').fixes.some((f) => f.title === 'Rename "titel" to "title"'));
    checkFixes(text, result, profile('ignisign'), options, REPO_ROOT, 'regression', { relints: 10 });
  });

  it('a number too large for JSON says so, rather than "a number (null)"', () => {
    assert.equal(single(lint('{"send_emails": 1e999}', 'zigned'), 'schema').message, '"send_emails" must be a boolean, not a number too large for JSON (read as Infinity, sent as null).');
  });

  it('thousands of problems in one file are linear work, and past 1 000 per rule are counted, not listed', () => {
    const keys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])), null, 2);
    // Work is counted, not timed: every one of these findings has a "Remove" fix, and computing
    // them must not parse the file again for each (it did: 1 000 findings, 1 000 parses).
    const three = keys(3000);
    const few = measureParsing(() => lint(three, 'zigned'));
    assert.equal(few.result.filter((f) => f.ruleId === 'unknown-property').length, 1000);
    assert.ok(few.result.filter((f) => f.ruleId === 'unknown-property').every((f) => f.fixes.some((fix) => fix.title.startsWith('Remove'))), 'every listed finding keeps its fix');
    assert.ok(few.characters <= 3 * three.length, `3 000 unknown properties: parsed ${few.characters} characters of ${three.length}`);
    const hundredThousand = keys(100_000);
    const many = measureParsing(() => lint(hundredThousand, 'zigned'));
    assert.ok(many.characters <= 3 * hundredThousand.length, `100 000 unknown properties: parsed ${many.characters} characters of ${hundredThousand.length}`);
    const findings = many.result;
    assert.equal(findings.length, 1001);
    assert.ok(findings.some((f) => /^…and 99000 more schema problems, not listed: only the first 1000 are\./.test(f.message)));
    const placeholders = lint(JSON.stringify({ signerIds: Array.from({ length: 5000 }, () => '<signer id>'), documentIds: ['d'] }), 'ignisign');
    assert.equal(placeholders.filter((f) => f.ruleId === 'unfilled-placeholder').length, 1001);
    assert.ok(placeholders.some((f) => f.ruleId === 'unfilled-placeholder' && /^…and 4000 more unfilled-placeholder findings like this one/.test(f.message)));
  });

  it('applying a fix with 10 000 edits gives the text with every edit made once', () => {
    // (Its cost is measured in `npm run bench`, not here: no test is timed.)
    const text = 'x'.repeat(2_000_000);
    const edits = Array.from({ length: 10_000 }, (_, i) => ({ offset: i * 100, length: 1, content: '' }));
    assert.equal(applyEdits(text, edits).length, 2_000_000 - 10_000);
    assert.equal(applyEdits('ab', [{ offset: 1, length: 0, content: '1' }, { offset: 1, length: 0, content: '2' }]), 'a21b', 'insertions at one offset: as before');
  });
});
