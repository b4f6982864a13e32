import { strict as assert } from 'node:assert';
import { lint, withRule } from './lintSupport';

function apply(text: string, edits: { offset: number; length: number; content: string }[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.content + t.slice(e.offset + e.length), text);
}

describe('a trailing comma', () => {
  it('is one finding at the comma, saying so, with a preferred quick fix that removes it (object and array)', () => {
    const text = '{\n  "trust_level": "SES",\n  "send_emails": false,\n}\n';
    const syntax = withRule(lint(text, 'zigned'), 'syntax');
    assert.equal(syntax.length, 1, syntax.map((f) => f.message).join('\n'));
    const [finding] = syntax;
    assert.equal(finding!.message, 'Syntax error: a trailing comma before "}": JSON allows no comma after the last property.');
    assert.equal(text[finding!.offset], ',');
    assert.equal(finding!.length, 1);
    const fix = finding!.fixes.find((f) => f.isPreferred)!;
    assert.equal(fix.title, 'Remove the trailing comma');
    assert.deepEqual(JSON.parse(apply(text, fix.edits)), { trust_level: 'SES', send_emails: false });

    const array = '{ "signerIds": ["65f1c2a9e4b0a1b2c3d4e601",\n ] }';
    const arrayFindings = withRule(lint(array, 'ignisign'), 'syntax');
    assert.equal(arrayFindings.length, 1);
    assert.match(arrayFindings[0]!.message, /a trailing comma before "\]": JSON allows no comma after the last item/);
    assert.deepEqual(JSON.parse(apply(array, arrayFindings[0]!.fixes[0]!.edits)), { signerIds: ['65f1c2a9e4b0a1b2c3d4e601'] });
  });

  it('other syntax errors are reported as before (a missing comma is not a trailing one)', () => {
    const syntax = withRule(lint('{ "trust_level": "SES" "send_emails": false }', 'zigned'), 'syntax');
    assert.ok(syntax.length >= 1);
    assert.ok(syntax.every((f) => !/trailing comma/.test(f.message) && f.fixes.length === 0));
  });
});
