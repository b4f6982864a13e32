import { strict as assert } from 'node:assert';
import { ReceivedExchange } from '../../src/core/send/receivedExchange';
import { displayableUrl, MIN_MASKED_LENGTH, SECRET_MASK, SecretMask } from '../../src/core/send/secretMask';

const TIMINGS = { totalMs: 1 };

describe('SecretMask: known secrets masked in server text', () => {
  it('masks every occurrence of every secret, the longest first', () => {
    const mask = new SecretMask(['sk_secret_value', 'sk_secret_value_longer', undefined, '']);
    assert.equal(mask.text('a sk_secret_value_longer b sk_secret_value c'), `a ${SECRET_MASK} b ${SECRET_MASK} c`);
  });

  it('masks the forms a server writes a secret back in: JSON-escaped, \\/ escaped, \\u escaped, URL- and form-encoded', () => {
    const secret = 'pa"ss/wörd +&=';
    const mask = new SecretMask([secret]);
    const json = JSON.stringify(secret).slice(1, -1);
    for (const form of [secret, json, json.replace(/\//g, '\\/'), json.replace('ö', '\\u00f6'), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
      assert.equal(mask.text(`<${form}>`), `<${SECRET_MASK}>`, form);
    }
  });

  it('leaves secrets shorter than MIN_MASKED_LENGTH alone (masking them would garble the answer and give them away)', () => {
    assert.equal(MIN_MASKED_LENGTH, 4);
    const mask = new SecretMask(['id', 'abc', 'abcd']);
    assert.equal(mask.text('{"id":"abc abcd"}'), `{"id":"abc ${SECRET_MASK}"}`);
  });

  it('masks any Ignisign v4 API key (skv2_…), known or not', () => {
    assert.equal(new SecretMask().text('key skv2_AbC123-xyz_789 used'), `key ${SECRET_MASK} used`);
    assert.equal(new SecretMask().text('skv2_short'), 'skv2_short', 'too short to be a key');
  });

  it('a token added later (after the login) is masked from then on', () => {
    const mask = new SecretMask(['client-secret']);
    assert.equal(mask.text('tok.en.value'), 'tok.en.value');
    mask.add('tok.en.value');
    assert.equal(mask.text('Bearer tok.en.value'), `Bearer ${SECRET_MASK}`);
  });

  it('masks the parsed body too, keys included, where an escape hid a secret from the text pass', () => {
    const exchange = new ReceivedExchange('PUT', 'http://h/x', {}, '', 200, 'OK', { 'content-type': ['application/json'] }, '{"a":"\\u0073ecret-1","sec\\u0072et-1":["x secret-1"]}', 10, false, TIMINGS);
    const masked = exchange.masked(new SecretMask(['secret-1']));
    assert.deepEqual(masked.body, { a: SECRET_MASK, [SECRET_MASK]: [`x ${SECRET_MASK}`] });
  });

  it('a masked exchange masks its URL, status text, headers (names and values) and body text; its JSON carries no mask', () => {
    const exchange = new ReceivedExchange('PUT', 'http://h/x?t=tok-123456', {}, '', 400, 'Bad tok-123456', { 'X-Echo': ['Bearer tok-123456', 'again'], 'x-tok-123456': ['1'] }, 'you sent tok-123456', 20, false, TIMINGS);
    const masked = exchange.masked(new SecretMask(['tok-123456']));
    assert.equal(masked.url, `http://h/x?t=${SECRET_MASK}`);
    assert.equal(masked.statusText, `Bad ${SECRET_MASK}`);
    assert.deepEqual(masked.responseHeaders, { 'x-echo': `Bearer ${SECRET_MASK}, again`, [`x-${SECRET_MASK}`]: '1' });
    assert.equal(masked.bodyText, `you sent ${SECRET_MASK}`);
    const json = JSON.stringify(masked);
    assert.ok(!json.includes('tok-123456'));
    assert.deepEqual(Object.keys(JSON.parse(json)).sort(), ['body', 'bodyText', 'method', 'requestBody', 'requestHeaders', 'responseHeaders', 'sizeBytes', 'status', 'statusText', 'timings', 'truncated', 'url'].filter((k) => k !== 'body'), 'the same fields as before, no mask (body is undefined, so absent)');
  });
});

describe('displayableUrl: where a redirect pointed, fit to show', () => {
  it('masks user info and credential-like query values, keeps the rest', () => {
    const shown = displayableUrl('http://u:p4ss@other.example/a?access_token=abc&page=2&client_secret=z&sig=q', 'http://api.example/x', new SecretMask());
    assert.equal(shown, `http://${SECRET_MASK}@other.example/a?access_token=${SECRET_MASK}&page=2&client_secret=${SECRET_MASK}&sig=${SECRET_MASK}`);
  });

  it('resolves a relative Location, masks known secrets, and shows an unparseable one masked as text', () => {
    const mask = new SecretMask(['known-secret']);
    assert.equal(displayableUrl('/moved/known-secret', 'http://api.example/x', mask), `http://api.example/moved/${SECRET_MASK}`);
    assert.equal(displayableUrl('http://[bad known-secret', 'http://api.example/x', mask), `http://[bad ${SECRET_MASK}`);
  });
});
