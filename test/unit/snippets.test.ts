import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../src/core/providers/registry';
import { expandSnippetDefaults, parseSnippetFile } from '../../src/core/snippets';
import { lint, type ProviderId, REPO_ROOT } from './lintSupport';

function snippetsOf(providerId: string) {
  return parseSnippetFile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', `${providerId}.json`), 'utf8')));
}

/** Property snippets are inserted into an existing body: wrap them in one that is otherwise complete. */
const ignisignWrapper = (fragment: string) => `{\n"documentIds": ["65f1c2a9e4b0a1b2c3d4e600"],\n${/"signerIds"/.test(fragment) ? '' : '"signerIds": ["65f1c2a9e4b0a1b2c3d4e601", "65f1c2a9e4b0a1b2c3d4e602"],\n'}${fragment}\n}`;
const WRAPPERS: Record<string, (fragment: string) => string> = {
  ignisign: ignisignWrapper,
  'ignisign-v4': ignisignWrapper,
  zigned: (fragment) => `{\n${fragment}\n}`,
};

describe('snippets', () => {
  it('expands placeholders to their defaults', () => {
    assert.equal(expandSnippetDefaults('"a": "${1:x}", "b": ${2|true,false|}, "c": "\\$d"$0'), '"a": "x", "b": true, "c": "$d"');
    assert.equal(expandSnippetDefaults('${1:outer ${2:inner}}'), 'outer inner');
    assert.equal(expandSnippetDefaults('$1 and ${3}'), ' and ');
  });

  for (const provider of PROVIDERS) {
    describe(provider.id, () => {
      const snippets = snippetsOf(provider.id);

      it('has a minimal and a full body, and every template the profile names', () => {
        for (const template of provider.templates) {
          assert.ok(snippets.some((s) => s.prefix === template.snippetPrefix), `missing ${template.snippetPrefix}`);
        }
        assert.ok(snippets.length >= 6, 'common tasks have snippets too');
        for (const s of snippets) assert.ok(s.prefix.startsWith(provider.id + '-'), `${s.prefix} is namespaced`);
      });

      for (const snippet of snippets) {
        it(`${snippet.prefix} lints clean once its placeholders are filled`, () => {
          const text = expandSnippetDefaults(snippet.body);
          const whole = text.trimStart().startsWith('{') ? text : WRAPPERS[provider.id](text);
          assert.doesNotThrow(() => JSON.parse(whole), `${snippet.prefix} expands to JSON:\n${whole}`);
          const findings = lint(whole, provider.id as ProviderId);
          assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
        });
      }
    });
  }
});
