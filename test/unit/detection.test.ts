import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectProviderId, PROVIDER_IDENTITIES } from '../../src/core/providers/detection';
import { detectProvider, PROVIDERS } from '../../src/core/providers/registry';
import { COMMAND_IDS, URI_SCHEMES } from '../../src/vscode/contributionIds';
import { REPO_ROOT } from './lintSupport';

describe('recognising payloads from the providers identities alone (detection.ts)', () => {
  it('knows the same providers as the registry, in the same order, with the same names', () => {
    assert.deepEqual(
      PROVIDER_IDENTITIES.map((p) => [p.id, p.displayName, p.fileSuffix, p.schemaFile]),
      PROVIDERS.map((p) => [p.id, p.displayName, p.fileSuffix, p.schemaFile]),
    );
  });

  it("recognises each schema's $id (it ends with the schema's file name)", () => {
    for (const profile of PROVIDERS) {
      const id = profile.updateSchema.$id as string;
      assert.equal(detectProviderId('request.json', `{ "$schema": "${id}" }`), profile.id, id);
    }
  });

  it('decides by name first, then by $schema (.json and .jsonc only), then by the first matching glob, and names no unknown provider', () => {
    const cases: [string, string, string[], { pattern: string; provider: string }[], string | undefined][] = [
      ['a.ignisign.json', '{}', [], [], 'ignisign'],
      ['a.IGNISIGN-V4.json', '{}', [], [], 'ignisign-v4'],
      ['a.zigned.json', '{ "$schema": "ignisign-v3-update-signature-request.schema.json" }', [], [], 'zigned'],
      ['a.json', '{ "$schema": "https://example.test/s/zigned-v3-update-agreement.schema.json?x=1" }', [], [], 'zigned'],
      ['a.jsonc', '{ "$schema": "./schemas/ignisign-v4-update-signature-request.schema.json#" }', [], [], 'ignisign-v4'],
      ['a.txt', '{ "$schema": "zigned-v3-update-agreement.schema.json" }', [], [], undefined],
      ['a.json', '{ "$schema": "https://json.schemastore.org/package.json" }', [], [], undefined],
      ['drafts/a.json', '{}', ['drafts/*.json'], [{ pattern: 'drafts/*.json', provider: 'zigned' }], 'zigned'],
      ['drafts/a.json', '{}', ['drafts/*.json'], [{ pattern: 'drafts/*.json', provider: 'docusign' }, { pattern: 'drafts/*.json', provider: 'zigned' }], undefined],
      // The caller's matcher says the glob does not match this path.
      ['other/a.json', '{}', [], [{ pattern: 'drafts/*.json', provider: 'zigned' }], undefined],
    ];
    for (const [fileName, text, matching, associations, expected] of cases) {
      const matches = (pattern: string) => matching.includes(pattern);
      assert.equal(detectProviderId(fileName, text, matches, associations), expected, `${fileName} ${text}`);
      // The registry gives that provider's profile.
      assert.equal(detectProvider(fileName, text, matches, associations)?.id, expected, `${fileName} ${text}, profile`);
    }
  });
});

describe("the extension's command ids (contributionIds.ts)", () => {
  it('are the commands package.json contributes, each once', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
    assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'an id is listed twice');
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
    assert.deepEqual([...URI_SCHEMES].sort(), ['esign-drafts-config', 'esign-drafts-history', 'esign-drafts-state']);
  });
});
