import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info' } as Record<number, string>;

/** `esign-drafts lint --format json` for one file: what every editor must show. */
function cliFindings(file: string) {
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', file], { cwd: REPO_ROOT, encoding: 'utf8' });
  return (JSON.parse(result.stdout)[0].diagnostics as { ruleId: string; severity: string; message: string; range: unknown }[]).map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, range: d.range }));
}

function asFindings(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({ ruleId: d.code, severity: SEVERITY[d.severity], message: d.message, range: d.range }));
}

describe('esign-drafts lsp --stdio (a language server for any editor)', () => {
  let child: ChildProcess;
  let connection: MessageConnection;
  let settings: Record<string, unknown> = {};
  const published = new Map<string, Diagnostic[][]>();
  const waiters: (() => void)[] = [];
  const logged: string[] = [];

  /** Resolves with the next diagnostics published for a URI, after `count` publications in all. */
  async function diagnosticsFor(uri: string, count: number): Promise<Diagnostic[]> {
    for (let i = 0; i < 200; i++) {
      const list = published.get(uri) ?? [];
      if (list.length >= count) return list[count - 1];
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    throw new Error(`no diagnostics #${count} for ${uri}`);
  }

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params.diagnostics]);
      for (const wake of waiters.splice(0)) wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', (params: { message: string }) => void logged.push(params.message));
    connection.listen();
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(REPO_ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(REPO_ROOT).href, name: 'repo' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } }, hover: { contentFormat: ['markdown', 'plaintext'] } },
      },
    });
    assert.ok(result.capabilities.hoverProvider);
    assert.ok(result.capabilities.completionProvider);
    await connection.sendNotification('initialized', {});
  });

  after(() => {
    connection?.dispose();
    if (child && child.exitCode === null) child.kill();
  });

  const typoFile = path.join(PAYLOADS, 'typo.zigned.json');
  const typoUri = pathToFileURL(typoFile).href;
  const typoText = fs.readFileSync(typoFile, 'utf8');

  it('publishes on didOpen exactly what `esign-drafts lint` reports, with rule ids, docs links and one source', async () => {
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: typoUri, languageId: 'json', version: 1, text: typoText } });
    const diagnostics = await diagnosticsFor(typoUri, 1);
    assert.deepEqual(asFindings(diagnostics), cliFindings(typoFile));
    assert.ok(diagnostics.every((d) => d.source === 'E-Sign Drafts'));
    assert.equal(diagnostics[0].codeDescription?.href, 'https://github.com/esign-drafts/esign-drafts/blob/main/docs/rules/schema.md');
  });

  it('offers the did-you-mean quick fix for the range asked about', async () => {
    const diagnostics = published.get(typoUri)![0];
    const range = { start: { line: 1, character: 18 }, end: { line: 1, character: 18 } };
    const actions = await connection.sendRequest<{ title: string; kind: string; edit?: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: typoUri },
      range,
      context: { diagnostics: diagnostics.filter((d) => d.range.start.line === 1) },
    });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
    assert.ok(fix, JSON.stringify(actions));
    assert.match(fix.edit!.changes[typoUri][0].newText, /QES/);
    // Only the finding on line 2 of the file: the status field's fix is not offered here.
    assert.ok(actions.every((a) => !/status/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  });

  it('applies every non-overlapping preferred fix with source.fixAll.esignDrafts', async () => {
    const actions = await connection.sendRequest<{ kind: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: typoUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0].kind, 'source.fixAll.esignDrafts');
    assert.ok(actions[0].edit.changes[typoUri].length >= 2);
  });

  it('publishes once per version (an opened document is not linted twice)', async () => {
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(published.get(typoUri)!.length, 1);
  });

  it('lints again on didChange', async () => {
    const fixed = typoText.replace('"qes"', '"QES"');
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: typoUri, version: 2 }, contentChanges: [{ text: fixed }] });
    const diagnostics = await diagnosticsFor(typoUri, 2);
    assert.equal(diagnostics.length, 2);
    assert.ok(!diagnostics.some((d) => /trust_level/.test(d.message)));
  });

  it('answers esignDrafts/findings for the current version (the send gate)', async () => {
    const answer = await connection.sendRequest<{ version: number; diagnostics: Diagnostic[] }>('esignDrafts/findings', { uri: typoUri, version: 2 });
    assert.equal(answer.version, 2);
    assert.deepEqual(answer.diagnostics, published.get(typoUri)![1]);
  });

  it('does not send the same diagnostics again after typing away from them; does after typing on a flagged line', async () => {
    // Typing in a 10 MB payload re-sent every diagnostic per keystroke (src/server/unchangedDiagnostics.ts).
    const uri = pathToFileURL(path.join(PAYLOADS, 'typo-unchanged.zigned.json')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: typoText } });
    const first = await diagnosticsFor(uri, 1);
    assert.ok(first.length > 0);
    const lines = typoText.split('\n');
    const flagged = new Set(first.flatMap((d) => Array.from({ length: d.range.end.line - d.range.start.line + 1 }, (_, i) => d.range.start.line + i)));
    const free = lines.findIndex((text, line) => !flagged.has(line) && text.trim().length > 0);
    assert.ok(free >= 0, 'a line with no finding');
    const insertAt = (line: number, character: number) => [{ range: { start: { line, character }, end: { line, character } }, text: ' ' }];
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: insertAt(free, 0) });
    const second = await connection.sendRequest<{ version: number; diagnostics: Diagnostic[] }>('esignDrafts/findings', { uri, version: 2 });
    assert.equal(second.version, 2);
    assert.deepEqual(second.diagnostics, first, 'the same findings');
    assert.equal(published.get(uri)!.length, 1, 'not sent again');
    // A space at the end of a flagged line changes no finding, but the editor may have moved its squiggle: sent again.
    const line = first[0].range.end.line;
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: insertAt(line, lines[line].length) });
    assert.deepEqual(await diagnosticsFor(uri, 2), first);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('takes severities from the client\'s esignDrafts.rules ("off" drops the rule)', async () => {
    settings = { rules: { 'response-only-field': 'off', schema: 'warning' } };
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const diagnostics = await diagnosticsFor(typoUri, 3);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['schema', 2]]);
    settings = {};
  });

  it('completes only the keys the object does not have yet, from our schema', async () => {
    const list = await connection.sendRequest<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: typoUri }, position: { line: 1, character: 2 } });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('issuer'), labels.join(', '));
    assert.ok(!labels.includes('default_locale'), 'a key the object already has is not offered again');
  });

  it('hovers with the schema description', async () => {
    const hover = await connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: typoUri }, position: { line: 1, character: 5 } });
    assert.ok(hover && JSON.stringify(hover.contents).length > 10, JSON.stringify(hover));
  });

  it('gives the outline and folding ranges VS Code\'s JSON support gave these files', async () => {
    const symbols = await connection.sendRequest<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: typoUri } });
    assert.deepEqual(symbols.map((s) => s.name), ['trust_level', 'default_locale', 'status']);
    const folds = await connection.sendRequest<unknown[]>('textDocument/foldingRange', { textDocument: { uri: typoUri } });
    assert.equal(folds.length, 1);
  });

  it('gives at most 5000 outline symbols and folding ranges, as VS Code\'s JSON support does, and says so in its log', async () => {
    // 6000 statements: 12 000 symbols and 6000 folding ranges in all (a generated 10 MB file has 200 000).
    const uri = pathToFileURL(path.join(PAYLOADS, 'generated-many.ignisign.json')).href;
    const statements = Array.from({ length: 6000 }, (_, i) => ({ labelMd: `I accept clause ${i}.` }));
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: JSON.stringify({ title: 'Many', statements }, null, 2) } });
    const symbols = await connection.sendRequest<{ children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const count = (list: { children?: unknown[] }[]): number => list.reduce((n, s) => n + 1 + count((s.children ?? []) as { children?: unknown[] }[]), 0);
    assert.equal(count(symbols), 5000);
    const folds = await connection.sendRequest<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 5000);
    assert.ok(logged.some((m) => m.includes(uri) && /only the first 5000 outline symbols/.test(m)), logged.join('\n'));
    assert.ok(logged.some((m) => m.includes(uri) && /only the first 5000 folding ranges/.test(m)), logged.join('\n'));
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('runs below normal priority, so that its lint of a large payload does not take the CPU from the editor', () => {
    assert.ok(os.getPriority(child.pid!) >= os.constants.priority.PRIORITY_BELOW_NORMAL, `priority ${os.getPriority(child.pid!)}`);
  });

  it('gives a payload over 1 MB at most 1000 outline symbols and folding ranges, every top-level key among them', async () => {
    // VS Code asks for both after every change; for a 10 MB payload 5000 symbols were 1 MB of JSON per answer for its extension host.
    const uri = pathToFileURL(path.join(PAYLOADS, 'generated-large.ignisign.json')).href;
    const statements = Array.from({ length: 8000 }, (_, i) => ({ labelMd: `I have read annex ${i} of the framework agreement and accept its terms, including the schedules it refers to and every amendment made since.` }));
    const text = JSON.stringify({ title: 'Large', statements, language: 'EN' }, null, 2);
    assert.ok(text.length > 1024 * 1024, `the document must be over 1 MB (${text.length} characters)`);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const symbols = await connection.sendRequest<{ name: string; children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const count = (list: { children?: unknown[] }[]): number => list.reduce((n, s) => n + 1 + count((s.children ?? []) as { children?: unknown[] }[]), 0);
    assert.equal(count(symbols), 1000);
    assert.deepEqual(symbols.map((s) => s.name), ['title', 'statements', 'language']);
    const folds = await connection.sendRequest<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 1000);
    assert.ok(logged.some((m) => m.includes(uri) && /only the first 1000 outline symbols/.test(m)), logged.join('\n'));
    assert.ok(logged.some((m) => m.includes(uri) && /only the first 1000 folding ranges/.test(m)), logged.join('\n'));
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('offers whole-payload templates only in an empty payload document', async () => {
    const emptyUri = pathToFileURL(path.join(PAYLOADS, 'new.ignisign.json')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: emptyUri, languageId: 'json', version: 1, text: '' } });
    const list = await connection.sendRequest<{ items: { label: string; kind: number }[] }>('textDocument/completion', { textDocument: { uri: emptyUri }, position: { line: 0, character: 0 } });
    assert.ok(list.items.some((i) => i.label === 'ignisign-minimal'), JSON.stringify(list.items.map((i) => i.label)));
    const inPayload = await connection.sendRequest<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: typoUri }, position: { line: 1, character: 2 } });
    assert.ok(!inPayload.items.some((i) => i.label.startsWith('zigned-')), 'no template inside an existing payload');
    const plainUri = pathToFileURL(path.join(REPO_ROOT, 'package.json')).href;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: plainUri, languageId: 'json', version: 1, text: '' } });
    const plain = await connection.sendRequest<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri: plainUri }, position: { line: 0, character: 0 } });
    assert.equal(plain, null, 'a file that is no payload gets nothing from this server');
  });

  it('matches esignDrafts.files globs against workspace folders, also those added later', async () => {
    settings = { files: { 'extra/*.json': 'zigned' } };
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = 'file:///elsewhere/extra/a.json';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: '{ "status": "draft" }' } });
    assert.deepEqual(await diagnosticsFor(uri, 1), [], 'outside every workspace folder: no payload');
    await connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///elsewhere', name: 'elsewhere' }], removed: [] } });
    const diagnostics = await diagnosticsFor(uri, 2);
    assert.deepEqual(diagnostics.map((d) => d.code), ['response-only-field']);
    settings = {};
  });

  it('judges the state after the update once told the pulled state (esignDrafts/pulledState), and stops when told null', async () => {
    const uri = pathToFileURL(path.join(PAYLOADS, 'pulled-state.ignisign.json')).href;
    const text = JSON.stringify({ $request: { id: '65f1c2a9e4b0a1b2c3d4e5f9' }, title: 'Non-disclosure agreement' }, null, 2);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const without = await diagnosticsFor(uri, 1);
    assert.ok(!without.some((d) => d.code === 'ignisign/not-a-draft'), 'no state: the conservative rules');
    const state = { _id: '65f1c2a9e4b0a1b2c3d4e5f9', status: 'IN_PROGRESS', title: 'Non-disclosure agreement', documentIds: [], signerIds: [], documents: [], signers: [] };
    await connection.sendNotification('esignDrafts/pulledState', { uri, pulled: { state, environment: 'staging', pulledAt: '2026-11-23T11:59:00.000Z' } });
    const judged = await diagnosticsFor(uri, 2);
    const notDraft = judged.find((d) => d.code === 'ignisign/not-a-draft');
    assert.ok(notDraft, JSON.stringify(judged.map((d) => d.code)));
    assert.match(notDraft.message, /relies on the state pulled at 2026-11-23T11:59:00.000Z from staging/);
    const answer = await connection.sendRequest<{ version: number; diagnostics: Diagnostic[] }>('esignDrafts/findings', { uri, version: 1 });
    assert.deepEqual(answer.diagnostics, judged, 'the send gate sees the state-aware findings');
    await connection.sendNotification('esignDrafts/pulledState', { uri, pulled: null });
    const cleared = await diagnosticsFor(uri, 3);
    assert.deepEqual(cleared, without);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('shuts down and exits with 0', async () => {
    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  });

  it('refuses to start without --stdio, saying what it expects', () => {
    const result = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /missing --stdio/);
  });
});
