import { strict as assert } from 'node:assert';
import { lifecycleActionFor, lifecyclePastTense, lifecycleSummary, lifecycleVerb, previewTitle, pulledStateKey, pullLensTitle, stableJson, stateSummary, unsentChangesMessage } from '../../src/core/draft/editorView';
import type { PulledState } from '../../src/core/draft/types';
import type { SendOutcome } from '../../src/core/send/types';
import { profile } from './lintSupport';

const ignisign = profile('ignisign');
const zigned = profile('zigned');
const PULLED_AT = '2026-11-23T11:59:00.000Z';
const pulled = (state: Record<string, unknown>, environment = 'staging'): PulledState => ({ state, environment, pulledAt: PULLED_AT });
const draftContext = { _id: 'x', status: 'DRAFT', title: 'T', documentIds: ['d'], signerIds: ['s'], documents: [{ _id: 'd' }], signers: [{ signerId: 's' }], diffusionMode: 'WHEN_READY', expirationDateIsActivated: false };

describe('the draft in the editor (pure parts)', () => {
  it('maps each command to its provider\'s lifecycle action, with the verb people see', () => {
    assert.equal(lifecycleActionFor(ignisign, 'publish')?.name, 'publish');
    assert.equal(lifecycleActionFor(ignisign, 'cancel')?.name, 'close');
    assert.equal(lifecycleActionFor(ignisign, 'reopen'), undefined, 'Ignisign has no reopen');
    assert.equal(lifecycleActionFor(zigned, 'publish')?.name, 'pending');
    assert.equal(lifecycleActionFor(zigned, 'reopen')?.name, 'open');
    assert.equal(lifecycleActionFor(zigned, 'cancel')?.name, 'cancelled');
    assert.deepEqual(['publish', 'pending', 'open', 'cancelled', 'close'].map((name) => {
      const action = [...ignisign.draft!.lifecycle, ...zigned.draft!.lifecycle].find((a) => a.name === name)!;
      return [lifecycleVerb(action), lifecyclePastTense(action)];
    }), [['Publish', 'Published'], ['Finalise', 'Finalised'], ['Reopen', 'Reopened'], ['Cancel', 'Cancelled'], ['Cancel', 'Cancelled']]);
  });

  it('keys states per provider, environment and target; the lens says when and where from', () => {
    assert.notEqual(pulledStateKey('zigned', 'a', 'x'), pulledStateKey('zigned', 'b', 'x'));
    assert.notEqual(pulledStateKey('zigned', 'a|b', 'c'), pulledStateKey('zigned', 'a', 'b|c'), 'no ambiguity from separators');
    assert.equal(pullLensTitle(undefined), '$(cloud-download) Pull Draft State');
    const at = new Date(PULLED_AT);
    const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    assert.equal(pullLensTitle(pulled({}, 'local-sandbox')), `State pulled ${hhmm} from local-sandbox ↻`);
  });

  it('summarises a state: status, provenance and publish readiness with its reasons', () => {
    const ready = stateSummary(ignisign, pulled(draftContext));
    assert.match(ready.title, /Signature request context pulled from staging: DRAFT/i);
    assert.deepEqual(ready.fields.map((f) => f.value), ['DRAFT (takes updates)', `${PULLED_AT} from staging`, 'yes']);
    const noSigners = stateSummary(ignisign, pulled({ ...draftContext, signerIds: [], signers: [] }));
    assert.match(noSigners.fields[2].value, /^no: .*signer/i);
    const published = stateSummary(ignisign, pulled({ ...draftContext, status: 'IN_PROGRESS' }));
    assert.deepEqual(published.fields.map((f) => f.value).slice(0, 1), ['IN_PROGRESS (takes no updates)']);
    assert.match(published.fields[2].value, /IN_PROGRESS is not a status it is published from/);
    assert.equal(stateSummary(zigned, pulled({ id: 'a', status: 'pending' })).fields[2].label, 'Ready to finalise');
  });

  it('explains a lifecycle answer followed by the refreshed state, or says the state was not pulled again', () => {
    const action = lifecycleActionFor(ignisign, 'publish')!;
    const outcome = { ok: true, status: 200, request: { method: 'POST', targetId: 'x' } } as SendOutcome;
    const summary = lifecycleSummary(ignisign, action, outcome, pulled({ ...draftContext, status: 'IN_PROGRESS' }));
    assert.equal(summary.title, 'Published: the signature request x (POST → 200)');
    assert.ok(summary.fields.some((f) => f.label === 'Status now' && f.value === 'IN_PROGRESS (takes no updates)'), JSON.stringify(summary.fields));
    assert.match(lifecycleSummary(ignisign, action, outcome, undefined).fields.at(-1)!.value, /not pulled again/);
  });

  it('titles the preview with its provenance and the unconfirmed semantics; refuses unsent changes by path', () => {
    assert.match(previewTitle(zigned, 'a.zigned.json', pulled({})), /^a\.zigned\.json: as pulled \d\d:\d\d from staging ↔ after the update \(unconfirmed: issuer merge/);
    assert.match(previewTitle(ignisign, 'a.ignisign.json', pulled({})), /unconfirmed: the context's signers\/documents/);
    const message = unsentChangesMessage('a.zigned.json', [{ path: '/trust_level', op: 'replace', before: 'SES', after: 'AES' }], 'Finalise');
    assert.equal(message, 'a.zigned.json holds 1 change(s) the server does not have yet (/trust_level): nothing was finalised. Send them first, or finalise after sending them.');
  });

  it('writes each side of the preview with sorted keys, so that the diff shows values', () => {
    assert.equal(stableJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null } }), '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "e": 2,\n        "f": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
});
