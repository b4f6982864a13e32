import { strict as assert } from 'node:assert';
import { closestMatch, editDistance } from '../../src/core/text/suggest';

describe('"did you mean" suggestions', () => {
  it('measures optimal string alignment distance (transpositions count once)', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('signerIds', 'singerIds'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ca', 'abc'), 3);
  });

  it('ignores case and separators first, then takes the closest plausible typo', () => {
    const keys = ['documentIds', 'signerIds', 'title', 'description', 'expirationDate'];
    assert.equal(closestMatch('signer_ids', keys), 'signerIds');
    assert.equal(closestMatch('titel', keys), 'title');
    assert.equal(closestMatch('expirationDat', keys), 'expirationDate');
    assert.equal(closestMatch('k123', keys), undefined, 'nothing close enough');
    assert.equal(closestMatch('qes', ['AES', 'QES']), 'QES');
    assert.equal(closestMatch('x', []), undefined);
  });

  it('keeps the first of equally close candidates, and finds a closer one after a far one', () => {
    assert.equal(closestMatch('abcd', ['abcx', 'abxd']), 'abcx');
    assert.equal(closestMatch('abcdefgh', ['zzzzzzzzzzzzzzzz', 'abcdefgx']), 'abcdefgx');
    // The closest is not plausible: nothing is suggested, even though a farther one would be.
    assert.equal(closestMatch('abcdef', ['abcxyz', 'abcdefghijklmnopq']), undefined);
  });
});
