import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleCatalog } from '../../src/core/lint/ruleCatalog';
import { PROVIDERS } from '../../src/core/providers/registry';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SEVERITIES = ['off', 'info', 'warning', 'error'];

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

function settings(): Record<string, any> {
  const configuration = readJson('package.json').contributes.configuration;
  return (Array.isArray(configuration) ? configuration : [configuration]).find((c: any) => c.properties?.['esignDrafts.rules']).properties;
}

describe('rule ids are checked where they are typed', () => {
  const ids = ruleCatalog().map((rule) => rule.id);
  // Provider-free names stand for the same rule in every provider (src/core/config/ruleSeverities.ts).
  const names = [...new Set(ids.filter((id) => id.includes('/')).map((id) => id.slice(id.lastIndexOf('/') + 1)))].filter((name) => !ids.includes(name));

  it('the registry has every rule once, engine and provider rules (request-id-format included)', () => {
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ['syntax', 'request-id-format', ...PROVIDERS.flatMap((p) => p.rules.map((r) => r.id))]) assert.ok(ids.includes(id), id);
  });

  it('esignDrafts.rules (package.json) lists exactly the registry\'s rule ids, each off|info|warning|error, and refuses others', () => {
    const rules = settings()['esignDrafts.rules'];
    assert.deepEqual(Object.keys(rules.properties), [...ids, ...names]);
    for (const id of [...ids, ...names]) assert.deepEqual(rules.properties[id].enum, SEVERITIES, id);
    assert.equal(rules.additionalProperties, false);
  });

  it('the config schema lists the same rule ids, and environments entries shaped like esignDrafts.environments', () => {
    const schema = readJson('schemas/esign-drafts.config.schema.json');
    assert.deepEqual(Object.keys(schema.properties.rules.properties), [...ids, ...names]);
    assert.equal(schema.properties.rules.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties.overrides.items.properties.rules.properties), Object.keys(schema.properties.rules.properties));
    // Every value checked once, for every rule: one enum, not one per rule (the validator stays small).
    assert.deepEqual(schema.properties.rules.allOf, [{ additionalProperties: { type: 'string', enum: SEVERITIES } }]);
    assert.deepEqual(schema.properties.environments.items, settings()['esignDrafts.environments'].items);
    assert.deepEqual(schema.properties.files.additionalProperties.enum, PROVIDERS.map((p) => p.id));
  });

  it('the generated files are up to date (node scripts/rule-schemas.mjs --check)', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'rule-schemas.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('VS Code validates esign-drafts.config.json with the config schema', () => {
    const entry = readJson('package.json').contributes.jsonValidation.find((v: any) => v.fileMatch === 'esign-drafts.config.json');
    assert.equal(entry?.url, './schemas/esign-drafts.config.schema.json');
  });
});

describe('esign-drafts.config.json is validated by the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-config-'));
    fs.writeFileSync(path.join(dir, 'a.ignisign.json'), '{ "documentIds": ["d"], "signerIds": ["s"] }\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function lintWith(config: string) {
    fs.writeFileSync(path.join(dir, 'esign-drafts.config.json'), config);
    const result = spawnSync(process.execPath, [CLI, 'lint', 'a.ignisign.json'], { cwd: dir, encoding: 'utf8' });
    return { code: result.status, stderr: result.stderr, stdout: result.stdout };
  }

  it('an unknown rule id exits 2 with where it is and a did-you-mean', () => {
    const { code, stderr } = lintWith('{\n  "rules": {\n    "ignisign/signer-id-missing": "off"\n  }\n}\n');
    assert.equal(code, 2);
    assert.match(stderr, /esign-drafts\.config\.json is not a valid config \(schema: schemas\/esign-drafts\.config\.schema\.json\):\n {2}line 3, column 5: Unknown property "ignisign\/signer-id-missing" in "rules": did you mean "ignisign\/signer-ids-missing"\?/);
  });

  it('every problem is listed in file order: a bad severity, provider, environment field and top-level key', () => {
    const { code, stderr } = lintWith(
      '{\n  "rules": { "syntax": "warn" },\n  "files": { "x/*.json": "ignsign" },\n  "environments": [{ "name": "s", "provider": "zigned", "apiKey": "k" }],\n  "rule": {}\n}\n',
    );
    assert.equal(code, 2);
    const lines = stderr.trim().split('\n').slice(1);
    assert.deepEqual(lines, [
      '  line 2, column 24: "warn" is not a valid value for "rules.syntax". Expected one of "off", "info", "warning", "error".',
      '  line 3, column 26: "ignsign" is not a valid value for "files.x/*.json": did you mean "ignisign"? Expected one of "ignisign", "ignisign-v4", "zigned".',
      '  line 4, column 57: Unknown property "apiKey" in "environments[0]". Expected one of: name, provider, baseUrl, tokenUrl, appId, appEnv, production, variables, rejectUnauthorized.',
      '  line 5, column 3: Unknown property "rule" in the config: did you mean "rules"?',
    ]);
  });

  it('a valid config (the sample, with $schema) is accepted; a syntax error says where', () => {
    const sample = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'samples', 'esign-drafts.config.json'), 'utf8'));
    assert.equal(lintWith(JSON.stringify({ $schema: './schemas/esign-drafts.config.schema.json', ...sample, rules: { 'request-id-format': 'warning' } })).code, 0);
    const broken = lintWith('{\n  "rules": {\n');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /Cannot read .*esign-drafts\.config\.json \(line 3\): .*\. Expected JSON like/);
  });
});
