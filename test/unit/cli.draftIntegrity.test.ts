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
import { FaultPeer, reply } from '../support/faultPeer';
import { runCli } from '../support/runCli';

const ID = '65f1c2a9e4b0a1b2c3d4e5f6';
const SIGNER = '65f1c2a9e4b0a1b2c3d4e601';
const DOCUMENT = '65f1c2a9e4b0a1b2c3d4e600';
const SECRET = 'sk_development_draft_integrity_1234';
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
});
