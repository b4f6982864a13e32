import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { runCli } from '../support/runCli';

const IGNISIGN_READY = '65f1c2a9e4b0a1b2c3d4e5f6';
const IGNISIGN_NO_SIGNERS = '65f1c2a9e4b0a1b2c3d4e5f8';
const IGNISIGN_PUBLISHED = '65f1c2a9e4b0a1b2c3d4e5f9';
const ZIGNED_READY = 'clx0f3k2p0000abcd1234efgh';

const run = runCli;

describe('esign-drafts pull, diff, publish (the built CLI, against the sandbox)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let dir: string;
  let env: Record<string, string>;
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));
  const apiCalls = () => sandbox.requests.filter((r) => !r.path.includes('/auth/') && !r.path.startsWith('/oauth/')).map((r) => `${r.method} ${r.path.replace(/^\/(rest\/)?v3/, '')}`);

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-draft-'));
    write('title.ignisign.json', { $request: { id: IGNISIGN_READY }, title: 'Employment contract v2' });
    write('same.ignisign.json', { $request: { id: IGNISIGN_READY }, title: 'Employment contract' });
    write('bare.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS } });
    write('signers.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS }, signerIds: ['65f1c2a9e4b0a1b2c3d4e601'] });
    write('published.ignisign.json', { $request: { id: IGNISIGN_PUBLISHED } });
    write('unknown.ignisign.json', { $request: { id: '65f1c2a9e4b0a1b2c3d4ffff' } });
    write('lookup.zigned.json', { $request: { id: ZIGNED_READY }, lookup_key: { remove: true }, trust_level: 'SES' });
    write('ready.zigned.json', { $request: { id: ZIGNED_READY }, trust_level: 'SES' });
    write('remote.config.json', { environments: [{ name: 'remote', provider: 'ignisign', baseUrl: 'http://remote.example', appId: 'app', appEnv: 'DEVELOPMENT' }, { name: 'prod', provider: 'ignisign', production: true, appId: 'app', appEnv: 'PRODUCTION' }] });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
  });

  describe('lint --env <name> --pull (issue 16: judged with the pulled state, as the editor does)', () => {
    const lintPulled = async (files: string[], extra: string[] = []) => {
      const result = await run(['lint', '--format', 'json', '--env', 'local-sandbox', '--pull', ...extra, ...files], dir, env);
      return { ...result, results: result.stdout ? (JSON.parse(result.stdout) as { file: string; diagnostics: { ruleId: string; message: string; severity: string }[] }[]) : [] };
    };

    it('pulls each file\'s own target and judges the state after the update, naming the pull it relies on', async () => {
      const { code, results, stderr } = await lintPulled(['published.ignisign.json', 'bare.ignisign.json', 'signers.ignisign.json']);
      assert.equal(code, 1, stderr);
      const byFile = new Map(results.map((r) => [r.file, r.diagnostics]));
      const notDraft = byFile.get('published.ignisign.json')!.find((d) => d.ruleId === 'ignisign/not-a-draft')!;
      assert.match(notDraft.message, new RegExp(`relies on the state pulled at .* from local-sandbox for signature request id ${IGNISIGN_PUBLISHED}\\)`));
      // The draft with no signers: readiness from the server's state, not the file-only guesses.
      assert.ok(byFile.get('bare.ignisign.json')!.some((d) => d.ruleId === 'ignisign/publish-readiness' && /no signers/.test(d.message)));
      assert.ok(!byFile.get('bare.ignisign.json')!.some((d) => d.ruleId === 'ignisign/signer-ids-missing'));
      // Only GETs: lint sends nothing.
      assert.deepEqual(apiCalls().filter((c) => !c.startsWith('GET ')), []);
      assert.equal(apiCalls().filter((c) => c.endsWith('/context')).length, 3);
    });

    it('without --pull, the same files get the file-only rules and nothing is requested', async () => {
      const { results } = await (async () => {
        const result = await run(['lint', '--format', 'json', 'bare.ignisign.json'], dir, env);
        return { results: JSON.parse(result.stdout) as { diagnostics: { ruleId: string }[] }[] };
      })();
      assert.ok(results[0].diagnostics.some((d) => d.ruleId === 'ignisign/signer-ids-missing'));
      assert.deepEqual(sandbox.requests, []);
    });

    it('--pull needs --env; a production environment needs --yes (nothing is requested); a file naming no target is linted without a state', async () => {
      const noEnv = await run(['lint', '--pull', 'bare.ignisign.json'], dir, env);
      assert.equal(noEnv.code, 2);
      assert.match(noEnv.stderr, /--pull needs --env <name>/);
      const prod = await run(['lint', '--pull', '--env', 'prod', '--config', 'remote.config.json', 'bare.ignisign.json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_production_not_used_1234' });
      assert.equal(prod.code, 2, prod.stderr);
      assert.match(prod.stderr, /--yes/);
      assert.deepEqual(sandbox.requests, []);
      write('no-target.ignisign.json', { title: 'x' });
      const noTarget = await lintPulled(['no-target.ignisign.json']);
      assert.match(noTarget.stderr, /no-target\.ignisign\.json names no target .*linted without a pulled state/);
      assert.equal(noTarget.results.length, 1);
    });
  });

  describe('pull', () => {
    it('exit 0: the documented JSON, body is the state (Ignisign context)', async () => {
      const { code, stdout, stderr } = await run(['pull', 'title.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout);
      assert.deepEqual(Object.keys(result).sort(), ['body', 'drift', 'durationMs', 'ok', 'request', 'status', 'summary']);
      assert.match(result.summary.title, /pulled from local-sandbox: DRAFT$/);
      assert.ok(result.summary.fields.some((f: { label: string; value: string }) => f.label === 'Ready to publish' && f.value === 'yes'), JSON.stringify(result.summary));
      assert.ok(Array.isArray(result.drift));
      assert.deepEqual(result.request, { method: 'GET', url: `http://127.0.0.1:${sandbox.port}/v3/signature-requests/${IGNISIGN_READY}/context` });
      assert.equal(result.body._id, IGNISIGN_READY);
      assert.deepEqual(apiCalls(), [`GET /signature-requests/${IGNISIGN_READY}/context`], 'nothing but the GET');
    });

    it('exit 0 for Zigned: body is the agreement (data of the envelope)', async () => {
      const { code, stdout } = await run(['pull', 'ready.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0);
      const result = JSON.parse(stdout);
      assert.equal(result.body.id, ZIGNED_READY);
      assert.equal(result.body.status, 'draft');
    });

    it('exit 1 when the API answers an error status', async () => {
      const { code, stdout } = await run(['pull', 'unknown.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 1);
      assert.equal(JSON.parse(stdout).status, 404);
    });

    it('exit 2 for usage: no file, an unknown environment, --yes (pull takes none)', async () => {
      assert.equal((await run(['pull', 'missing.ignisign.json', '--env', 'local-sandbox'], dir, env)).code, 2);
      const unknown = await run(['pull', 'title.ignisign.json', '--env', 'nowhere'], dir, env);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /Unknown environment "nowhere"/);
      assert.equal((await run(['pull', 'title.ignisign.json', '--env', 'local-sandbox', '--yes'], dir, env)).code, 2);
    });

    it('exit 3 when the trust rules refuse (plain http to another host), with no request sent; the secret is not printed', async () => {
      const secret = 'sk_development_do_not_print_me_123456';
      const { code, stdout, stderr } = await run(['pull', 'title.ignisign.json', '--env', 'remote', '--config', 'remote.config.json', '--format', 'json'], dir, { ...env, ESIGN_DRAFTS_SECRET: secret });
      assert.equal(code, 3, stderr);
      assert.equal(JSON.parse(stdout).error.kind, 'trust');
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret));
    });

    it('a secret the server echoes in the state is masked, as for send', async () => {
      const secret = sandbox.description.ignisign.secret;
      sandbox.injectFault({ provider: 'ignisign', method: 'GET', status: 200, body: { _id: IGNISIGN_READY, status: 'DRAFT', title: `echo ${secret}` } });
      const { code, stdout } = await run(['pull', 'title.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0);
      assert.ok(!stdout.includes(secret), 'the secret is not printed');
      assert.match(JSON.parse(stdout).body.title, /^echo \*+/);
    });

    it('--help prints the command\'s usage', async () => {
      const { code, stdout } = await run(['pull', '--help'], dir, env);
      assert.equal(code, 0);
      assert.match(stdout, /^Usage: esign-drafts pull <file>/);
    });
  });

  describe('diff', () => {
    it('exit 0 with the changes sending the file would make; only the GET is sent', async () => {
      const { code, stdout, stderr } = await run(['diff', 'title.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout);
      assert.deepEqual(result.changes, [{ path: '/title', op: 'replace', before: 'Employment contract', after: 'Employment contract v2' }]);
      assert.deepEqual(apiCalls(), [`GET /signature-requests/${IGNISIGN_READY}/context`]);
    });

    it('changes is empty when the server already has everything; text says so', async () => {
      assert.deepEqual(JSON.parse((await run(['diff', 'same.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env)).stdout).changes, []);
      assert.match((await run(['diff', 'same.ignisign.json', '--env', 'local-sandbox'], dir, env)).stdout, /No changes/);
    });

    it('Zigned: { "remove": true } is a remove at /metadata/lookup_key once a key is set', async () => {
      write('set.zigned.json', { $request: { id: ZIGNED_READY }, lookup_key: 'order-1' });
      assert.equal((await run(['send', 'set.zigned.json', '--env', 'local-sandbox'], dir, env)).code, 0);
      const { stdout } = await run(['diff', 'lookup.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.deepEqual(JSON.parse(stdout).changes, [{ path: '/metadata/lookup_key', op: 'remove', before: 'order-1' }]);
      assert.match((await run(['diff', 'lookup.zigned.json', '--env', 'local-sandbox'], dir, env)).stdout, /- \/metadata\/lookup_key: "order-1"/);
    });

    it('exit 2 for a file that cannot be what is sent: invalid JSON, an undefined variable; nothing is requested', async () => {
      fs.writeFileSync(path.join(dir, 'broken.ignisign.json'), `{ "$request": { "id": "${IGNISIGN_READY}" }, "title": `);
      const broken = await run(['diff', 'broken.ignisign.json', '--env', 'local-sandbox'], dir, env);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.ignisign\.json is not valid JSON/);
      write('variable.ignisign.json', { $request: { id: IGNISIGN_READY }, title: '{{undefinedName}}' });
      const variable = await run(['publish', 'variable.ignisign.json', '--env', 'local-sandbox'], dir, env);
      assert.equal(variable.code, 2);
      assert.match(variable.stderr, /Variable \{\{undefinedName\}\} has no value/);
      assert.deepEqual(apiCalls(), []);
    });

    it('--exit-code: 1 when sending would change the state, 0 when not (git diff --exit-code); the output is the same', async () => {
      const changing = await run(['diff', 'title.ignisign.json', '--env', 'local-sandbox', '--exit-code', '--format', 'json'], dir, env);
      assert.equal(changing.code, 1, changing.stderr);
      assert.deepEqual(JSON.parse(changing.stdout).changes, [{ path: '/title', op: 'replace', before: 'Employment contract', after: 'Employment contract v2' }]);
      const same = await run(['diff', 'same.ignisign.json', '--env', 'local-sandbox', '--exit-code'], dir, env);
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stdout, /No changes/);
      const zigned = await run(['diff', 'ready.zigned.json', '--env', 'local-sandbox', '--exit-code'], dir, env);
      assert.equal(zigned.code, 0, zigned.stdout + zigned.stderr);
      // Without it, changes are still exit 0; an unknown id is still 1, no answer still 3.
      assert.equal((await run(['diff', 'title.ignisign.json', '--env', 'local-sandbox'], dir, env)).code, 0);
      assert.equal((await run(['diff', 'unknown.ignisign.json', '--env', 'local-sandbox', '--exit-code'], dir, env)).code, 1);
      assert.equal((await run(['diff', 'title.ignisign.json', '--env', 'remote', '--config', 'remote.config.json', '--exit-code'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_development_x_1234567890' })).code, 3);
      // pull takes no --exit-code.
      assert.equal((await run(['pull', 'title.ignisign.json', '--env', 'local-sandbox', '--exit-code'], dir, env)).code, 2);
    });

    it('exit 1 for an unknown id, 3 when refused by the trust rules', async () => {
      assert.equal((await run(['diff', 'unknown.ignisign.json', '--env', 'local-sandbox'], dir, env)).code, 1);
      assert.equal((await run(['diff', 'title.ignisign.json', '--env', 'remote', '--config', 'remote.config.json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_development_x_1234567890' })).code, 3);
    });
  });

  describe('publish', () => {
    it('exit 0: a publish-ready draft with no unsent changes is published (POST …/publish)', async () => {
      const { code, stdout, stderr } = await run(['publish', 'same.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout);
      assert.deepEqual(result.request, { method: 'POST', url: `http://127.0.0.1:${sandbox.port}/v3/signature-requests/${IGNISIGN_READY}/publish` });
      assert.deepEqual(result.body, { signatureRequestId: IGNISIGN_READY });
      assert.match(result.summary.title, new RegExp(`^Published: the signature request ${IGNISIGN_READY} \\(POST → 200\\)$`));
      assert.equal(result.drift, undefined, 'a publish answer has no drift check: no empty list that would claim one');
      assert.deepEqual(apiCalls(), [`GET /signature-requests/${IGNISIGN_READY}/context`, `POST /signature-requests/${IGNISIGN_READY}/publish`]);
    });

    it('text output says published, with no misleading summary of the short answer', async () => {
      const { code, stdout } = await run(['publish', 'same.ignisign.json', '--env', 'local-sandbox'], dir, env);
      assert.equal(code, 0);
      assert.match(stdout, /^200 OK in .* ms: published\.$/m);
      assert.match(stdout, /"signatureRequestId": "65f1c2a9e4b0a1b2c3d4e5f6"/);
      assert.doesNotMatch(stdout, /API drift/);
    });

    it('exit 0 for Zigned: lifecycle pending', async () => {
      const { code, stdout, stderr } = await run(['publish', 'ready.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      assert.equal(JSON.parse(stdout).body.data.status, 'pending');
      assert.deepEqual(JSON.parse(sandbox.requests.at(-1)!.body), { lifecycle_state: { status: 'pending' } });
    });

    it('exit 4 when the file holds unsent changes, without --send; nothing is posted', async () => {
      const { code, stdout } = await run(['publish', 'title.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 4);
      const result = JSON.parse(stdout);
      assert.equal(result.error.kind, 'unsent-changes');
      assert.match(result.error.message, /holds 1 change\(s\) the server does not have yet \(\/title\).*--send/);
      assert.equal(result.changes.length, 1);
      assert.deepEqual(apiCalls(), [`GET /signature-requests/${IGNISIGN_READY}/context`]);
    });

    it('a file that adds statements: --send sends, finds them landed (with the ids the server gave them) and publishes; publish again finds nothing unsent', async () => {
      const statement = { appId: 'appId_sandbox', appEnv: 'DEVELOPMENT', signatureRequestId: IGNISIGN_READY, target: 'SIGNATURE_REQUEST', labelMd: 'I have read the contract' };
      write('statements.ignisign.json', { $request: { id: IGNISIGN_READY }, statements: [statement] });
      const sent = await run(['publish', 'statements.ignisign.json', '--env', 'local-sandbox', '--send', '--format', 'json'], dir, env);
      assert.equal(sent.code, 0, sent.stdout + sent.stderr);
      assert.match(JSON.parse(sent.stdout).notes[0], /Sent the update first: PUT .* → 200/);
      assert.deepEqual(apiCalls(), [`GET /signature-requests/${IGNISIGN_READY}/context`, `PUT /signature-requests/${IGNISIGN_READY}`, `GET /signature-requests/${IGNISIGN_READY}/context`, `POST /signature-requests/${IGNISIGN_READY}/publish`]);
      // The state the sandbox now holds has the statement with its new _id; the file still has none.
      sandbox.reset();
      assert.equal((await run(['send', 'statements.ignisign.json', '--env', 'local-sandbox'], dir, env)).code, 0);
      const diff = await run(['diff', 'statements.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.deepEqual(JSON.parse(diff.stdout).changes, [], diff.stdout);
      const again = await run(['publish', 'statements.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(again.code, 0, again.stdout + again.stderr);
    });

    it('--send sends the update first, then publishes the result', async () => {
      const { code, stdout, stderr } = await run(['publish', 'title.ignisign.json', '--env', 'local-sandbox', '--send', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      assert.match(JSON.parse(stdout).notes[0], /Sent the update first: PUT .* → 200/);
      assert.deepEqual(apiCalls(), [
        `GET /signature-requests/${IGNISIGN_READY}/context`,
        `PUT /signature-requests/${IGNISIGN_READY}`,
        `GET /signature-requests/${IGNISIGN_READY}/context`,
        `POST /signature-requests/${IGNISIGN_READY}/publish`,
      ]);
    });

    it('exit 4 when the state is not ready (no signers): the readiness findings, nothing posted', async () => {
      const { code, stdout } = await run(['publish', 'bare.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 4);
      const result = JSON.parse(stdout);
      assert.equal(result.error.kind, 'lint');
      assert.deepEqual(result.diagnostics.map((d: { ruleId: string; severity: string }) => [d.ruleId, d.severity]), [['ignisign/publish-readiness', 'error']]);
      assert.match(result.diagnostics[0].message, /NO_SIGNERS.*relies on the state pulled at .* from local-sandbox/);
      assert.ok(!apiCalls().some((c) => c.startsWith('POST')));
    });

    it('exit 4 for a target no longer a draft (ignisign/not-a-draft at $request.id)', async () => {
      const { code, stderr } = await run(['publish', 'published.ignisign.json', '--env', 'local-sandbox'], dir, env);
      assert.equal(code, 4);
      assert.match(stderr, /ignisign\/not-a-draft/);
      assert.match(stderr, /IN_PROGRESS/);
    });

    it('no title: the gate lets it through and so does the sandbox (one rule, core publishChecks.ts), exit 0', async () => {
      const { code, stdout, stderr } = await run(['publish', 'signers.ignisign.json', '--env', 'local-sandbox', '--send', '--format', 'json'], dir, env);
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout).body, { signatureRequestId: IGNISIGN_NO_SIGNERS });
    });

    it('exit 1 when the API refuses the publish (an answer the gate cannot foresee)', async () => {
      const body = { message: 'refused', timestamp: '2026-01-01 00:00:00 +00:00', status: 400, code: 'CANNOT_PUBLISH_SIGNATURE_REQUEST', context: {} };
      sandbox.injectFault({ provider: 'ignisign', method: 'POST', pathPattern: '/publish$', status: 400, body });
      const { code, stdout } = await run(['publish', 'same.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
      assert.equal(code, 1);
      assert.equal(JSON.parse(stdout).body.code, 'CANNOT_PUBLISH_SIGNATURE_REQUEST');
    });

    it('exit 2: a production environment needs --yes when there is no terminal; nothing is sent', async () => {
      const { code, stderr } = await run(['publish', 'same.ignisign.json', '--env', 'prod', '--config', 'remote.config.json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_production_x_1234567890' });
      assert.equal(code, 2);
      assert.match(stderr, /production environment: confirm with --yes to publish/);
      assert.deepEqual(apiCalls(), []);
    });

    it('exit 3 when refused by the trust rules', async () => {
      assert.equal((await run(['publish', 'same.ignisign.json', '--env', 'remote', '--config', 'remote.config.json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_development_x_1234567890' })).code, 3);
    });
  });

  describe('Ignisign v4: the same life on /v4, with an skv2_ API key', () => {
    let v4Env: Record<string, string>;
    before(() => {
      v4Env = { ...env, ESIGN_DRAFTS_SECRET: sandbox.description.ignisign.apiKey };
      write('same.ignisign-v4.json', { $request: { id: IGNISIGN_READY }, title: 'Employment contract' });
      write('bare.ignisign-v4.json', { $request: { id: IGNISIGN_NO_SIGNERS } });
      write('published.ignisign-v4.json', { $request: { id: IGNISIGN_PUBLISHED } });
    });
    const v4Calls = () => sandbox.requests.filter((r) => r.path.startsWith('/v4/')).map((r) => `${r.method} ${r.path}`);

    it('pull GETs the v4 context, with no login (the key is the bearer)', async () => {
      const { code, stdout, stderr } = await run(['pull', 'same.ignisign-v4.json', '--env', 'local-sandbox', '--format', 'json'], dir, v4Env);
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout);
      assert.deepEqual(result.request, { method: 'GET', url: `http://127.0.0.1:${sandbox.port}/v4/signature-requests/${IGNISIGN_READY}/context` });
      assert.equal(result.body._id, IGNISIGN_READY);
      assert.deepEqual(v4Calls(), [`GET /v4/signature-requests/${IGNISIGN_READY}/context`]);
      assert.ok(!stdout.includes(sandbox.description.ignisign.apiKey), 'the key is not printed');
    });

    it('publish posts to /v4 for a ready draft, and refuses (exit 4, ignisign-v4/publish-readiness) one with no signers', async () => {
      const ready = await run(['publish', 'same.ignisign-v4.json', '--env', 'local-sandbox', '--format', 'json'], dir, v4Env);
      assert.equal(ready.code, 0, ready.stderr);
      assert.deepEqual(JSON.parse(ready.stdout).request, { method: 'POST', url: `http://127.0.0.1:${sandbox.port}/v4/signature-requests/${IGNISIGN_READY}/publish` });
      sandbox.reset();
      const bare = await run(['publish', 'bare.ignisign-v4.json', '--env', 'local-sandbox', '--format', 'json'], dir, v4Env);
      assert.equal(bare.code, 4);
      assert.match(bare.stdout, /ignisign-v4\/publish-readiness/);
      assert.deepEqual(v4Calls(), [`GET /v4/signature-requests/${IGNISIGN_NO_SIGNERS}/context`], 'nothing posted');
    });

    it('publish of a request that is no longer a draft reports ignisign-v4/not-a-draft', async () => {
      const { stdout } = await run(['publish', 'published.ignisign-v4.json', '--env', 'local-sandbox', '--format', 'json'], dir, v4Env);
      assert.match(stdout, /ignisign-v4\/not-a-draft/);
    });
  });
});
