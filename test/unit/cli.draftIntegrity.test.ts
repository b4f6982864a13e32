/**
 * The draft commands (pull, diff, publish) act on the state they pull: that state must be the
 * target's, from the environment's own origin, compared key by key whatever the keys are, and a
 * publish after --send must rest on a state that holds the update. Through the built CLI against
 * scripted peers on loopback (test/support/faultPeer.ts) and the sandbox.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { FaultPeer, reply } from '../support/faultPeer';
import { runCli } from '../support/runCli';

const ID = '65f1c2a9e4b0a1b2c3d4e5f6';
const SIGNER = '65f1c2a9e4b0a1b2c3d4e601';
const DOCUMENT = '65f1c2a9e4b0a1b2c3d4e600';
const SECRET = 'sk_development_draft_integrity_1234';
const ZIGNED_ID = 'clx0f3k2p0000abcd1234efgh';
/** A publish-ready Ignisign context (the readiness checks pass on it). */
const READY_CONTEXT = { _id: ID, status: 'DRAFT', title: 'Employment contract', signerIds: [SIGNER], documentIds: [DOCUMENT] };

describe('draft commands: the state they act on (the built CLI against loopback peers)', function () {
  this.timeout(30_000);
  let dir: string;
  let peer: FaultPeer;
  const env = { ESIGN_DRAFTS_SECRET: SECRET };
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const run = (args: string[]) => runCli([...args, '--env', 'peer', '--config', 'peer.config.json'], dir, env);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-draft-integrity-'));
    peer = await FaultPeer.start();
    write('peer.config.json', { environments: [{ name: 'peer', provider: 'ignisign', baseUrl: peer.ignisignBaseUrl, appId: 'appId_peer', appEnv: 'DEVELOPMENT' }] });
    write('same.ignisign.json', { $request: { id: ID }, title: 'Employment contract' });
  });
  after(async () => {
    await peer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => peer.reset());

  describe('publish --send checks that the update landed (round three, item 6)', () => {
    beforeEach(() => {
      write('title.ignisign.json', { $request: { id: ID }, title: 'Employment contract v2', description: 'Signed in 2026' });
      // The server answers the PUT with 200 and ignores it: the state stays as it was.
      peer.on('GET', /\/context$/, reply.json(200, READY_CONTEXT));
      peer.on('PUT', /\/signature-requests\//, reply.json(200, READY_CONTEXT));
      peer.on('POST', /\/publish$/, reply.json(200, { signatureRequestId: ID }));
    });

    it('exit 4, kind update-not-applied, naming what is missing; nothing is posted (JSON)', async () => {
      const { code, stdout, stderr } = await run(['publish', 'title.ignisign.json', '--send', '--format', 'json']);
      assert.equal(code, 4, stdout + stderr);
      const result = JSON.parse(stdout);
      assert.equal(result.error.kind, 'update-not-applied');
      assert.match(result.error.message, /answered 200 to the update, but the signature request context pulled again does not hold 2 change\(s\) of title\.ignisign\.json \(\/title, \/description\): the update did not land, so nothing was published/);
      assert.deepEqual(result.changes.map((c: { path: string }) => c.path), ['/title', '/description']);
      assert.match(result.notes[0], /Sent the update first: PUT .* → 200/);
      assert.equal(peer.count('PUT'), 1, 'sent once');
      assert.equal(peer.count('GET', /\/context$/), 2, 'pulled before and after the send');
      assert.equal(peer.count('POST', /\/publish$/), 0, 'nothing was published');
    });

    it('text: the changes still missing, and why nothing was published', async () => {
      const { code, stdout, stderr } = await run(['publish', 'title.ignisign.json', '--send']);
      assert.equal(code, 4, stdout + stderr);
      assert.match(stderr, /2 change\(s\) still missing on the server after the send:\n {2}~ \/title: "Employment contract" → "Employment contract v2"\n {2}\+ \/description: "Signed in 2026"/);
      assert.match(stderr, /the update did not land, so nothing was published/);
      assert.equal(peer.count('POST', /\/publish$/), 0);
    });

    it('a server that applies the update is published (exit 0)', async () => {
      let state: Record<string, unknown> = { ...READY_CONTEXT };
      peer.reset();
      peer.on('GET', /\/context$/, (req, res, p) => reply.json(200, state)(req, res, p));
      peer.on('PUT', /\/signature-requests\//, (req, res, p) => {
        state = { ...state, ...JSON.parse(req.body) };
        reply.json(200, state)(req, res, p);
      });
      peer.on('POST', /\/publish$/, reply.json(200, { signatureRequestId: ID }));
      const { code, stdout, stderr } = await run(['publish', 'title.ignisign.json', '--send', '--format', 'json']);
      assert.equal(code, 0, stdout + stderr);
      assert.equal(peer.count('POST', /\/publish$/), 1);
    });
  });

  describe('a GET redirected to another origin is not followed (round three, item 9)', () => {
    let other: FaultPeer;
    beforeEach(async () => {
      // Another loopback port: another origin, which the trust rules would accept, and which answers a ready state.
      other = await FaultPeer.start();
      other.on('GET', /./, reply.json(200, { ...READY_CONTEXT, title: 'From elsewhere' }));
      peer.on('GET', /\/context$/, reply.redirect(307, `${other.origin}/v3/signature-requests/${ID}/context`));
      peer.on('POST', /\/publish$/, reply.json(200, { signatureRequestId: ID }));
    });
    afterEach(() => other.close());

    for (const command of ['pull', 'diff', 'publish']) {
      it(`${command}: exit 3, kind redirect naming where it pointed; nothing requested there, nothing posted`, async () => {
        const json = await run([command, 'same.ignisign.json', '--format', 'json']);
        assert.equal(json.code, 3, json.stdout + json.stderr);
        const result = JSON.parse(json.stdout);
        assert.equal(result.error.kind, 'redirect');
        assert.match(result.error.message, new RegExp(`answered 307 Temporary Redirect, a redirect to another origin \\(${other.origin}/v3/signature-requests/${ID}/context\\): it was not followed, and nothing was requested there`));
        assert.equal(result.body, undefined, 'no state shown');
        const text = await run([command, 'same.ignisign.json']);
        assert.equal(text.code, 3);
        assert.match(text.stdout + text.stderr, /Failed \(redirect\): .*a redirect to another origin/);
        assert.doesNotMatch(text.stdout + text.stderr, /From elsewhere/);
        assert.equal(other.requests.length, 0, 'the other origin got no request');
        assert.equal(peer.count('POST', /\/publish$/), 0, 'nothing was published');
      });
    }

    it('a 307 to the same origin is still followed', async () => {
      peer.reset();
      peer.once('GET', /\/context$/, reply.redirect(307, `${peer.origin}/v3/moved/${ID}/context`));
      peer.on('GET', /^\/v3\/moved\//, reply.json(200, READY_CONTEXT));
      const { code, stdout } = await run(['pull', 'same.ignisign.json', '--format', 'json']);
      assert.equal(code, 0, stdout);
      assert.equal(JSON.parse(stdout).body.title, 'Employment contract');
    });
  });

  describe('a "__proto__" key is data like any other (round three, item 11)', () => {
    let sandbox: RunningSandbox;
    let sandboxEnv: Record<string, string>;
    const apiCalls = () => sandbox.requests.filter((r) => !r.path.includes('/auth/') && !r.path.startsWith('/oauth/')).map((r) => `${r.method} ${r.path}`);
    before(async () => {
      sandbox = await startSandbox({ port: 0 });
      sandboxEnv = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
      // Written as text: the key must reach the file as it is, and JSON.parse keeps it an own property.
      write('proto-object.ignisign.json', `{ "$request": { "id": "${ID}" }, "title": "Employment contract", "__proto__": { "title": "hidden" } }`);
      write('proto-string.ignisign.json', `{ "$request": { "id": "${ID}" }, "title": "Employment contract", "__proto__": "x" }`);
      write('proto-issuer.zigned.json', `{ "$request": { "id": "${ZIGNED_ID}" }, "issuer": { "__proto__": { "name": "hidden" } } }`);
    });
    after(() => sandbox.close());
    beforeEach(() => sandbox.reset());
    const local = (args: string[]) => runCli([...args, '--env', 'local-sandbox'], dir, sandboxEnv);

    it('diff reports the change (JSON and text), at the top level and nested', async () => {
      const object = await local(['diff', 'proto-object.ignisign.json', '--format', 'json']);
      assert.equal(object.code, 0, object.stderr);
      assert.deepEqual(JSON.parse(object.stdout).changes, [{ path: '/__proto__', op: 'add', after: { title: 'hidden' } }]);
      assert.deepEqual(JSON.parse((await local(['diff', 'proto-string.ignisign.json', '--format', 'json'])).stdout).changes, [{ path: '/__proto__', op: 'add', after: 'x' }]);
      const text = await local(['diff', 'proto-object.ignisign.json']);
      assert.match(text.stdout, /1 change\(s\) sending proto-object\.ignisign\.json would make:\n {2}\+ \/__proto__: \{"title":"hidden"\}/);
      const nested = await local(['diff', 'proto-issuer.zigned.json', '--format', 'json']);
      assert.deepEqual(JSON.parse(nested.stdout).changes, [{ path: '/issuer/__proto__', op: 'add', after: { name: 'hidden' } }]);
      assert.ok(apiCalls().every((c) => c.startsWith('GET ')), 'diff sends only the GET');
    });

    it('publish refuses the unsent change (exit 4, unsent-changes); nothing is posted', async () => {
      for (const file of ['proto-object.ignisign.json', 'proto-string.ignisign.json', 'proto-issuer.zigned.json']) {
        sandbox.reset();
        const { code, stdout } = await local(['publish', file, '--format', 'json']);
        assert.equal(code, 4, `${file}: ${stdout}`);
        const result = JSON.parse(stdout);
        assert.equal(result.error.kind, 'unsent-changes');
        assert.match(result.error.message, /holds 1 change\(s\) the server does not have yet \((\/issuer)?\/__proto__\)/);
        assert.deepEqual(apiCalls().filter((c) => !c.startsWith('GET ')), [], `${file}: nothing posted`);
      }
    });

    it('a state that already holds the key shows no change', async () => {
      peer.on('GET', /\/context$/, reply.text(200, 'application/json', JSON.stringify({ ...READY_CONTEXT }).replace(/^\{/, '{"__proto__":{"title":"hidden"},')));
      const { code, stdout } = await run(['diff', 'proto-object.ignisign.json', '--format', 'json']);
      assert.equal(code, 0, stdout);
      assert.deepEqual(JSON.parse(stdout).changes, []);
    });
  });
});
