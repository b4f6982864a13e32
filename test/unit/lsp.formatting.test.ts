import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

interface TextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** The settings a client answers workspace/configuration with, per section. */
interface ClientSettings {
  esignDrafts: Record<string, unknown>;
  jsonFormat: Record<string, unknown>;
}

/** `esign-drafts lsp --stdio` with a client that can (or cannot) register formatting dynamically, as VS Code's can. */
class FormattingClient {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  settings: ClientSettings = { esignDrafts: {}, jsonFormat: {} };
  /** The formatting registrations the server holds now: id → method. */
  readonly registered = new Map<string, string>();
  /** Every (un)registration the server asked for, in order. */
  readonly log: string[] = [];
  capabilities: Record<string, unknown> = {};
  private waiters: (() => void)[] = [];
  private nextVersion = 1;

  constructor() {
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'json.format' ? this.settings.jsonFormat : item.section === 'esignDrafts' ? this.settings.esignDrafts : null)),
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: { id: string; method: string }[] }) => {
      for (const r of params.registrations) {
        this.registered.set(r.id, r.method);
        this.log.push(`+${r.method}`);
      }
      this.wake();
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', (params: { unregisterations: { id: string; method: string }[] }) => {
      for (const r of params.unregisterations) {
        this.registered.delete(r.id);
        this.log.push(`-${r.method}`);
      }
      this.wake();
      return null;
    });
    this.connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    this.connection.listen();
  }

  async initialize(dynamicFormatting: boolean): Promise<void> {
    const formatting = dynamicFormatting ? { dynamicRegistration: true } : {};
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(REPO_ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(REPO_ROOT).href, name: 'repo' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { formatting, rangeFormatting: formatting } },
    });
    this.capabilities = result.capabilities;
    await this.connection.sendNotification('initialized', {});
  }

  formattingMethods(): string[] {
    return [...this.registered.values()].sort();
  }

  /** Waits (bounded by a count of (un)registrations, not by time) until `test` holds. */
  async until(test: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 50 && !test(); i++) await new Promise<void>((resolve) => this.waiters.push(resolve));
    assert.ok(test(), what);
  }

  async configurationChanged(settings: ClientSettings): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async open(name: string, text: string): Promise<string> {
    const uri = pathToFileURL(path.join(PAYLOADS, name)).href;
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'esign-payload', version: this.nextVersion++, text } });
    return uri;
  }

  /** The formatted text, or null when the server gave no answer. */
  async format(uri: string, text: string, options: Record<string, unknown> = { tabSize: 2, insertSpaces: true }): Promise<string | null> {
    const edits = await this.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri }, options });
    return edits === null ? null : TextDocument.applyEdits(TextDocument.create(uri, 'esign-payload', 1, text), edits);
  }

  stop(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

const PAYLOAD = '{"title":"Employment contract","signerIds":[ "65f1c2a9e4b0a1b2c3d4e601","65f1c2a9e4b0a1b2c3d4e602" ],"documentIds":["65f1c2a9e4b0a1b2c3d4e600"],"recipients":[],"$request":{"id":"65f1c2a9e4b0a1b2c3d4e5f6"}}';

describe('esign-drafts lsp --stdio: formatting that coexists with other formatters', function () {
  this.timeout(20_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)'));

  describe('with a client that registers formatting when told (VS Code)', () => {
    let client: FormattingClient;
    before(async () => {
      client = new FormattingClient();
      await client.initialize(true);
    });
    after(() => client.stop());

    it('declares no static formatter, and registers one while esignDrafts.format.enable is on (its default)', async () => {
      assert.equal(client.capabilities.documentFormattingProvider, false);
      assert.equal(client.capabilities.documentRangeFormattingProvider, false);
      await client.until(() => client.registered.size === 2, `registered: ${client.log.join(', ')}`);
      assert.deepEqual(client.formattingMethods(), ['textDocument/formatting', 'textDocument/rangeFormatting']);
    });

    it('unregisters it when the setting is turned off, answers no formatting request then, and registers it again when turned on', async () => {
      const text = '{ "title" : "x" }';
      const uri = await client.open('format-off.ignisign.json', text);
      await client.configurationChanged({ esignDrafts: { format: { enable: false } }, jsonFormat: {} });
      await client.until(() => client.registered.size === 0, `unregistered: ${client.log.join(', ')}`);
      assert.equal(await client.format(uri, text), null, 'no edits from us: the other formatter applies');
      await client.configurationChanged({ esignDrafts: { format: { enable: true } }, jsonFormat: {} });
      await client.until(() => client.registered.size === 2, `registered again: ${client.log.join(', ')}`);
      assert.equal(await client.format(uri, text), '{\n  "title": "x"\n}');
      assert.deepEqual(client.log, ['+textDocument/formatting', '+textDocument/rangeFormatting', '-textDocument/formatting', '-textDocument/rangeFormatting', '+textDocument/formatting', '+textDocument/rangeFormatting']);
    });
  });

  describe('with a client that cannot', () => {
    let client: FormattingClient;
    before(async () => {
      client = new FormattingClient();
      await client.initialize(false);
    });
    after(() => client.stop());

    it('declares the formatter statically and answers null where esignDrafts.format.enable is off', async () => {
      assert.equal(client.capabilities.documentFormattingProvider, true);
      assert.equal(client.capabilities.documentRangeFormattingProvider, true);
      const uri = await client.open('format-static.ignisign.json', PAYLOAD);
      assert.notEqual(await client.format(uri, PAYLOAD), null);
      await client.configurationChanged({ esignDrafts: { format: { enable: false } }, jsonFormat: {} });
      assert.equal(await client.format(uri, PAYLOAD), null);
      const range = await client.connection.sendRequest('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, options: { tabSize: 2, insertSpaces: true } });
      assert.equal(range, null);
      await client.configurationChanged({ esignDrafts: {}, jsonFormat: {} });
    });

    it('indents by the editor\'s tab size and spaces or tabs, keeping a one-line array on one line', async () => {
      const uri = await client.open('format-indent.ignisign.json', PAYLOAD);
      const expected = (indent: string) =>
        [
          '{',
          `${indent}"title": "Employment contract",`,
          `${indent}"signerIds": ["65f1c2a9e4b0a1b2c3d4e601", "65f1c2a9e4b0a1b2c3d4e602"],`,
          `${indent}"documentIds": ["65f1c2a9e4b0a1b2c3d4e600"],`,
          `${indent}"recipients": [],`,
          `${indent}"$request": {`,
          `${indent}${indent}"id": "65f1c2a9e4b0a1b2c3d4e5f6"`,
          `${indent}}`,
          '}',
        ].join('\n');
      assert.equal(await client.format(uri, PAYLOAD, { tabSize: 4, insertSpaces: true }), expected('    '));
      assert.equal(await client.format(uri, PAYLOAD, { tabSize: 2, insertSpaces: true }), expected('  '));
      assert.equal(await client.format(uri, PAYLOAD, { tabSize: 4, insertSpaces: false }), expected('\t'));
    });

    it('lays out an array written over several lines one item per line, and keeps objects inside a one-line array on its line', async () => {
      const text = '{\n"signerIds": [\n"65f1c2a9e4b0a1b2c3d4e601", "65f1c2a9e4b0a1b2c3d4e602"],\n"statements": [ {"labelMd":"I accept."} ]\n}\n';
      const uri = await client.open('format-arrays.ignisign.json', text);
      assert.equal(
        await client.format(uri, text, { tabSize: 2, insertSpaces: true, insertFinalNewline: true }),
        '{\n  "signerIds": [\n    "65f1c2a9e4b0a1b2c3d4e601",\n    "65f1c2a9e4b0a1b2c3d4e602"\n  ],\n  "statements": [{ "labelMd": "I accept." }]\n}\n',
      );
    });

    it('keeps the text\'s line breaks when VS Code\'s json.format.keepLines is on (read through workspace/configuration)', async () => {
      const text = '{ "title": "x", "language": "EN",\n\n  "signerIds": [ "65f1c2a9e4b0a1b2c3d4e601" ] }';
      const uri = await client.open('format-keep-lines.ignisign.json', text);
      assert.equal(await client.format(uri, text), '{\n  "title": "x",\n  "language": "EN",\n  "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"]\n}');
      await client.configurationChanged({ esignDrafts: {}, jsonFormat: { keepLines: true } });
      assert.equal(await client.format(uri, text), '{ "title": "x", "language": "EN",\n\n  "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"] }');
      await client.configurationChanged({ esignDrafts: {}, jsonFormat: {} });
    });

    it('keeps the document\'s CRLF line endings, and takes a hostile tab size as at most 64', async () => {
      const text = '{\r\n"title": "x",\r\n"language": "EN"\r\n}';
      const uri = await client.open('format-crlf.ignisign.json', text);
      assert.equal(await client.format(uri, text), '{\r\n  "title": "x",\r\n  "language": "EN"\r\n}');
      const wide = await client.format(uri, text, { tabSize: 1e9, insertSpaces: true });
      assert.equal(wide, `{\r\n${' '.repeat(64)}"title": "x",\r\n${' '.repeat(64)}"language": "EN"\r\n}`);
    });
  });
});
