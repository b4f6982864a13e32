/**
 * Random LSP messages for the language-server fuzz (test/unit/fuzz.test.ts): valid ones that a
 * client keeping its documents in step would send, and broken ones (wrong types, missing fields,
 * odd parameters, unknown methods). Every frame is well-formed JSON-RPC: a frame that is not JSON
 * ends the stream in any server, and editors do not send them.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { randomJson } from '../randomJson';
import type { Prng } from './prng';
import type { Seed } from './seeds';

export interface FuzzMessage {
  kind: 'request' | 'notification';
  method: string;
  /** Undefined: sent without parameters. */
  params?: unknown;
  /** Made broken on purpose (any answer will do); otherwise a valid request must not fail inside the server. */
  broken: boolean;
  /** What the message does to the documents the server holds, done when it is sent unbroken. */
  apply?: () => void;
}

/** A document as the fuzzing client believes the server holds it. */
interface FuzzDocument {
  uri: string;
  version: number;
  text: string;
  open: boolean;
}

/** The most characters a generated text has: "huge" inputs, within the bounds of a run of 10 000 messages. */
export const MAX_FUZZ_TEXT = 400_000;

const BACKTRACKING_GLOB = `**/${'*a'.repeat(18)}*c.json`;

export class LspMessageGenerator {
  private readonly documents: FuzzDocument[];

  constructor(
    private readonly prng: Prng,
    private readonly seeds: readonly Seed[],
    folderUri: string,
  ) {
    const names = ['a.ignisign.json', 'b.zigned.json', 'c.ignisign-v4.json', 'mapped/d.json', 'plain.json', `${'a'.repeat(55)}.json`, 'e f%20é.zigned.json'];
    this.documents = [...names.map((name) => `${folderUri}/${name}`), 'untitled:Untitled-1', 'weird:/no/such/scheme.zigned.json'].map((uri) => ({ uri, version: 0, text: '', open: false }));
  }

  /** The next message. */
  next(): FuzzMessage {
    const prng = this.prng;
    const message = prng.weighted<() => FuzzMessage>([
      [14, () => this.didOpen()],
      [18, () => this.didChange()],
      [4, () => this.didClose()],
      [6, () => this.atPosition('textDocument/hover')],
      [6, () => this.atPosition('textDocument/completion')],
      [4, () => this.request('textDocument/formatting', { textDocument: { uri: this.doc().uri }, options: { tabSize: prng.int(1, 8), insertSpaces: prng.chance(0.5) } })],
      [3, () => this.request('textDocument/rangeFormatting', { textDocument: { uri: this.doc().uri }, range: this.range(this.doc()), options: { tabSize: 2, insertSpaces: true } })],
      [5, () => this.request('textDocument/documentSymbol', { textDocument: { uri: this.doc().uri } })],
      [5, () => this.request('textDocument/foldingRange', { textDocument: { uri: this.doc().uri } })],
      [3, () => this.request('textDocument/selectionRange', { textDocument: { uri: this.doc().uri }, positions: [this.position(this.doc()), this.position(this.doc())] })],
      [5, () => this.codeAction()],
      [6, () => {
        // Mostly an open document at a version it has: the server waits up to 5 s for a version it has not seen.
        const open = this.documents.filter((d) => d.open);
        const doc = open.length > 0 && prng.chance(0.95) ? prng.pick(open) : this.doc();
        return this.request('esignDrafts/findings', { uri: doc.uri, version: prng.chance(0.97) ? prng.int(0, doc.version) : doc.version + 1 });
      }],
      [4, () => this.pulledState()],
      [3, () => this.notification('workspace/didChangeConfiguration', { settings: null })],
      [1, () => this.notification('esignDrafts/refresh')],
      [1, () => this.notification('workspace/didChangeWorkspaceFolders', { event: { added: prng.chance(0.5) ? [{ uri: 'file:///elsewhere', name: 'elsewhere' }] : [], removed: [] } })],
      [1, () => this.notification('$/cancelRequest', { id: prng.int(1, 50_000) })],
      [2, () => (prng.chance(0.5) ? this.request : this.notification).call(this, prng.pick(['esignDrafts/nothing', 'textDocument/nothing', 'foo', '$/unknown', 'workspace/executeCommand']), this.anyValue())],
    ])();
    if (prng.chance(0.15)) return this.breakMessage(message);
    message.apply?.();
    return message;
  }

  /** The text the server holds for a document, as far as the messages sent tell (undefined: not open). */
  textOf(uri: unknown): string | undefined {
    const doc = this.documents.find((d) => d.uri === uri);
    return doc?.open ? doc.text : undefined;
  }

  /** Settings for workspace/configuration answers: usually sensible, sometimes anything. */
  settings(): unknown {
    const prng = this.prng;
    if (prng.chance(0.15)) return this.anyValue();
    const files: Record<string, unknown> = { '**/mapped/*.json': prng.pick(['zigned', 'ignisign', 'ignisign-v4', 'nobody', 5]) };
    if (prng.chance(0.3)) files[BACKTRACKING_GLOB] = 'ignisign';
    if (prng.chance(0.1)) files['!(x).json'] = 'zigned';
    if (prng.chance(0.1)) files['{'.repeat(40)] = 'zigned';
    if (prng.chance(0.2)) files['**/*.json'] = 'zigned';
    return {
      files,
      rules: prng.chance(0.5) ? { schema: prng.pick(['off', 'info', 'warning', 'error', 'loud', 3]) } : prng.pick([{}, null, 'x']),
      lint: { delay: prng.pick([0, 0, 50, 250, -1, 1e9, 'x']) },
    };
  }

  /** An answer to esignDrafts/variables: usually variables, sometimes anything. */
  variables(): unknown {
    return this.prng.chance(0.7) ? { name: 'value', orderKey: 'K-1' } : this.anyValue();
  }

  private doc(): FuzzDocument {
    return this.prng.pick(this.documents);
  }

  private request(method: string, params?: unknown): FuzzMessage {
    return { kind: 'request', method, params, broken: false };
  }

  private notification(method: string, params?: unknown): FuzzMessage {
    return { kind: 'notification', method, params, broken: false };
  }

  private didOpen(): FuzzMessage {
    const doc = this.doc();
    const text = this.text();
    const version = this.prng.int(1, 5);
    const message = this.notification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: this.prng.pick(['json', 'esign-payload', 'jsonc', 'plaintext']), version, text } });
    message.apply = () => Object.assign(doc, { text, version, open: true });
    return message;
  }

  private didChange(): FuzzMessage {
    const doc = this.doc();
    const prng = this.prng;
    const version = doc.version + 1;
    const changes = Array.from({ length: prng.int(1, 3) }, () => {
      if (prng.chance(0.3)) return { text: this.text() };
      // A ranged edit, within the document or past its end (servers clamp).
      return { range: this.range(doc), text: prng.pick(['', '"', '{', '}', ',', ' ', '\n', '"titel": 1,', '[[[[', '"{{var}}"', '\u0000', '\ud800', randomJson(prng)]) };
    });
    const message = this.notification('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: changes });
    // The same update as the server's (TextDocument.update), so that the model's text is its text.
    message.apply = () => Object.assign(doc, { version, text: TextDocument.update(TextDocument.create(doc.uri, 'json', doc.version, doc.text), changes, version).getText() });
    return message;
  }

  private didClose(): FuzzMessage {
    const doc = this.doc();
    const message = this.notification('textDocument/didClose', { textDocument: { uri: doc.uri } });
    message.apply = () => Object.assign(doc, { open: false });
    return message;
  }

  private atPosition(method: string): FuzzMessage {
    const doc = this.doc();
    return this.request(method, { textDocument: { uri: doc.uri }, position: this.position(doc) });
  }

  private codeAction(): FuzzMessage {
    const doc = this.doc();
    const only = this.prng.pick([undefined, ['quickfix'], ['source.fixAll'], ['source.fixAll.esignDrafts'], ['refactor']]);
    return this.request('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: this.range(doc), context: { diagnostics: [], ...(only ? { only } : {}) } });
  }

  private pulledState(): FuzzMessage {
    const prng = this.prng;
    const doc = this.doc();
    const state = prng.pick([
      () => ({ _id: '65f1c2a9e4b0a1b2c3d4e5f9', status: prng.pick(['DRAFT', 'IN_PROGRESS', 'draft', 'pending', 5]), signerIds: ['s'], documentIds: [], signers: [], documents: [] }),
      () => ({ status: 'draft', participants: prng.chance(0.5) ? [] : 'x', expires_at: prng.pick(['2030-01-01T00:00:00Z', 'never', null]) }),
      () => {
        try {
          const value = JSON.parse(randomJson(prng, false)) as unknown;
          return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
        } catch {
          return {};
        }
      },
    ])();
    return this.notification('esignDrafts/pulledState', { uri: doc.uri, pulled: prng.chance(0.2) ? null : { state, environment: 'staging', pulledAt: '2026-11-23T11:59:00.000Z' } });
  }

  private position(doc: FuzzDocument): { line: number; character: number } {
    const lines = doc.text.split('\n').length;
    return { line: this.prng.int(0, lines + 1), character: this.prng.int(0, 120) };
  }

  private range(doc: FuzzDocument): { start: { line: number; character: number }; end: { line: number; character: number } } {
    const a = this.position(doc);
    const b = this.position(doc);
    return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
  }

  /** A document text: a real payload, random JSON, nested deep, huge, or odd. */
  private text(): string {
    const prng = this.prng;
    return prng.weighted<() => string>([
      [40, () => prng.pick(this.seeds).text],
      [20, () => randomJson(prng)],
      [5, () => {
        const depth = prng.pick([99, 100, 101, 150, 5_000, 20_000]);
        return `{"title": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
      }],
      [3, () => `{"a": ${'{"b": '.repeat(prng.pick([50, 101, 3_000]))}1${'}'.repeat(prng.pick([50, 101, 3_000]))}}`],
      [2, () => JSON.stringify({ title: 'x'.repeat(prng.int(1_000, MAX_FUZZ_TEXT - 100)) })],
      [2, () => JSON.stringify({ statements: Array.from({ length: prng.int(100, 3_000) }, (_, i) => ({ labelMd: `clause ${i}` })) }, null, 2)],
      [5, () => prng.pick(['', ' ', '{', '}', '[', 'null', '"x"', '\u0000\u0001', '\ufeff{}', '{"a":1,}', '/* c */ {}', '{"$schema": "zigned-v3-update-agreement.schema.json"}', '\ud800'])],
      [5, () => {
        const seed = prng.pick(this.seeds).text;
        const cut = prng.int(0, seed.length);
        return seed.slice(0, cut) + prng.pick(['', '"', '{', ']', '\u0000', '\n']) + seed.slice(cut + prng.int(0, 20));
      }],
    ])();
  }

  /** A value of any JSON type. */
  private anyValue(): unknown {
    const prng = this.prng;
    return prng.pick<() => unknown>([() => null, () => 5, () => -1, () => 1.5, () => 'x', () => true, () => [], () => [1, 'a'], () => ({}), () => ({ uri: 5 }), () => ({ textDocument: null }), () => 2 ** 53 + 2, () => undefined])();
  }

  /** Makes a message wrong: parameters of another type, a field removed or given a wrong type. */
  private breakMessage(message: FuzzMessage): FuzzMessage {
    const prng = this.prng;
    const params = message.params === undefined ? undefined : (JSON.parse(JSON.stringify(message.params)) as unknown);
    const broken: FuzzMessage = { ...message, apply: undefined, broken: true };
    if (params === null || typeof params !== 'object' || prng.chance(0.2)) return { ...broken, params: this.anyValue() };
    // A field somewhere in the parameters, two levels deep at most.
    let holder = params as Record<string, unknown>;
    for (let level = 0; level < 2; level++) {
      const keys = Object.keys(holder).filter((k) => typeof holder[k] === 'object' && holder[k] !== null);
      if (keys.length === 0 || prng.chance(0.4)) break;
      holder = holder[prng.pick(keys)] as Record<string, unknown>;
    }
    const keys = Object.keys(holder);
    if (keys.length === 0) return { ...broken, params: this.anyValue() };
    const key = prng.pick(keys);
    if (prng.chance(0.3)) delete holder[key];
    else holder[key] = this.anyValue();
    return { ...broken, params };
  }
}
