import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expandSnippetDefaults } from '../../src/core/snippets';
import { providerById } from '../../src/core/providers/registry';
import type { Finding, TextEdit } from '../../src/core/lint/types';
import { fixAllEdits } from '../../src/core/lint/fixAll';
import { readSettings } from '../../src/server/settings';
import { SnippetCompletions } from '../../src/server/snippetCompletions';
import { providerForDocument } from '../../src/server/recognition';
import { REPO_ROOT } from './lintSupport';

const ignisign = providerById('ignisign')!;
const snippets = new SnippetCompletions(path.join(REPO_ROOT, 'snippets'));

function complete(text: string, marker = '|') {
  const offset = text.indexOf(marker);
  const clean = text.replace(marker, '');
  const document = TextDocument.create('file:///w/a.ignisign.json', 'esign-payload', 1, clean);
  return { document, items: snippets.completionsAt(document, document.positionAt(offset), ignisign) };
}

function apply(document: TextDocument, edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }): string {
  return TextDocument.applyEdits(document, [{ range: edit.range, newText: expandSnippetDefaults(edit.newText) }]);
}

describe('language server features (pure parts)', () => {
  describe('snippet completions', () => {
    it('offers only whole-payload templates in an empty payload document, replacing it all', () => {
      const { document, items } = complete('  |\n');
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('ignisign-minimal') && labels.includes('ignisign-full'), labels.join(', '));
      assert.ok(!labels.includes('ignisign-schedule'));
      assert.doesNotThrow(() => JSON.parse(apply(document, items[0].textEdit as never)));
    });

    it('offers property snippets where a root property can start, with the commas valid JSON needs', () => {
      for (const text of ['{\n  |\n}', '{\n  "title": "x"\n  |\n}', '{\n  |\n  "title": "x"\n}', '{ "title": "x", igni| }']) {
        const { document, items } = complete(text);
        const schedule = items.find((i) => i.label === 'ignisign-schedule');
        assert.ok(schedule, `${text}: ${items.map((i) => i.label).join(', ')}`);
        assert.ok(!items.some((i) => i.label === 'ignisign-minimal'), 'no whole payload inside one');
        const result = apply(document, schedule.textEdit as never);
        assert.doesNotThrow(() => JSON.parse(result), result);
      }
    });

    it('offers nothing inside a value, a key or a nested object', () => {
      for (const text of ['{ "title": "|" }', '{ "tit|": 1 }', '{ "$request": { | } }', '{ "signerIds": [ | ] }']) {
        assert.deepEqual(complete(text).items, [], text);
      }
    });
  });

  describe('fix all', () => {
    const finding = (offset: number, edits: TextEdit[], isPreferred = true): Finding =>
      ({ ruleId: 'r', severity: 'error', message: '', path: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, offset, length: 1, docs: '', fixes: [{ title: 't', edits, isPreferred }] }) as Finding;

    it('takes every preferred fix that overlaps none taken before, in document order', () => {
      const edits = fixAllEdits([
        finding(10, [{ offset: 10, length: 3, content: 'a' }]),
        finding(0, [{ offset: 0, length: 2, content: 'b' }]),
        finding(11, [{ offset: 11, length: 5, content: 'overlaps the first' }]),
        finding(20, [{ offset: 20, length: 1, content: 'not preferred' }], false),
        finding(30, [{ offset: 30, length: 0, content: 'insert' }]),
      ]);
      assert.deepEqual(edits.map((e) => e.content), ['b', 'a', 'insert']);
    });
  });

  describe('settings and recognition', () => {
    it('reads esignDrafts settings in either shape and ignores malformed values', () => {
      const settings = readSettings({ rules: { a: 'off', b: 'loud', c: 3 }, files: { 'x/*.json': 'ignisign', y: 1 }, lint: { delay: 99999 } });
      assert.deepEqual(settings.rules, { a: 'off' });
      assert.deepEqual(settings.files, [{ pattern: 'x/*.json', provider: 'ignisign' }]);
      assert.equal(settings.lintDelayMs, 5000);
      assert.equal(readSettings(null).lintDelayMs, 250);
      assert.equal(readSettings({ 'lint.delay': 10 }).lintDelayMs, 10);
    });

    it('recognises by name, by $schema and by an esignDrafts.files glob relative to a workspace folder', () => {
      const none = readSettings({});
      assert.equal(providerForDocument('file:///w/a.zigned.json', '{}', none, [])?.id, 'zigned');
      assert.equal(providerForDocument('file:///w/b.json', '{ "$schema": "./schemas/zigned-v3-update-agreement.schema.json" }', none, [])?.id, 'zigned');
      assert.equal(providerForDocument('file:///w/custom/c.json', '{}', none, ['file:///w']), undefined);
      const mapped = readSettings({ files: { 'custom/*.json': 'ignisign' } });
      assert.equal(providerForDocument('file:///w/custom/c.json', '{}', mapped, ['file:///w'])?.id, 'ignisign');
      assert.equal(providerForDocument('file:///w/package.json', '{ "name": "x" }', mapped, ['file:///w']), undefined);
    });
  });
});
