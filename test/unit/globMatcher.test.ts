import { strict as assert } from 'node:assert';
import picomatch from 'picomatch';
import { GlobError, globMatcher, globProblem } from '../../src/core/glob/globMatcher';

/** The glob that backtracked without end in picomatch's RegExp (issue 18 item 3). */
export const BACKTRACKING_GLOB = `**/${'*a'.repeat(18)}*c.json`;

/** Ordinary globs and the paths they are tried on: the automaton must agree with picomatch on each. */
const TABLE: [string, string[]][] = [
  ['**/*.zigned.json', ['a.zigned.json', 'payloads/a.zigned.json', 'x/y/z/a.zigned.json', 'a.zigned.jsonx', '.hidden/a.zigned.json', 'a/.b.zigned.json', '/abs/path/a.zigned.json', 'a.ignisign.json']],
  ['payloads/**', ['payloads', 'payloads/a.json', 'payloads/x/y.json', 'payloadsx/a.json', 'other/payloads/a.json', 'payloads/.x/a.json']],
  ['payloads/**/*.json', ['payloads/a.json', 'payloads/x/a.json', 'payloads/x/y/a.json', 'payloads/a.jsonc', 'a.json']],
  ['payloads/*.json', ['payloads/a.json', 'payloads/x/a.json', 'payloads/.a.json']],
  ['*.{a,b}.json', ['x.a.json', 'x.b.json', 'x.c.json', 'x.a.b.json', 'd/x.a.json', '.x.a.json']],
  ['**/*.{ignisign,ignisign-v4,zigned}.json', ['a/b.ignisign.json', 'b.ignisign-v4.json', 'b.zigned.json', 'b.json']],
  ['{payloads,drafts}/**/*.json', ['payloads/a.json', 'drafts/x/a.json', 'other/a.json']],
  ['a{,b}c', ['ac', 'abc', 'abbc']],
  ['{a,{b,c}}.json', ['a.json', 'b.json', 'c.json', 'd.json']],
  ['file?.json', ['file1.json', 'file.json', 'file12.json', 'file/.json']],
  ['?', ['a', '', 'ab', '/', '.']],
  ['[abc].json', ['a.json', 'd.json', ']json']],
  ['[a-c]*.json', ['b1.json', 'd1.json']],
  ['[^a]*.json', ['a.json', 'b.json']],
  ['[[:digit:]]x', ['1x', 'ax']],
  ['[[:alpha:]_]*', ['a', '_x', '1']],
  ['[]a]', [']', 'a', 'b']],
  ['[', ['[', 'a']],
  ['a[b', ['a[b', 'ab']],
  ['{a}', ['{a}', 'a']],
  ['{a,b', ['{a,b', 'a']],
  ['{1..3}.json', ['1.json', '2.json', '3.json', '4.json']],
  ['\\*.json', ['*.json', 'a.json']],
  ['a\\{b,c\\}', ['a{b,c}', 'ab']],
  ['!**/*.zigned.json', ['a.zigned.json', 'a.json']],
  ['!!*.json', ['a.json', 'a.txt']],
  ['./payloads/*.json', ['payloads/a.json', './payloads/a.json']],
  ['**', ['a', 'a/b', '.a', 'a/.b']],
  ['**/custom/*.json', ['custom/a.json', 'x/custom/a.json', '/home/u/ws/custom/a.json', 'custom/x/a.json']],
  ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b', 'a/.x/b', 'ab']],
  ['a**b', ['axxb', 'ax/xb']],
  ['**a', ['xa', 'x/a']],
  ['*', ['a', 'a/b', '.a']],
  ['.*', ['.a', 'a']],
  ['*.json', ['a.json', '.a.json', 'a/b.json']],
  ['@(a|b).json', ['a.json', 'b.json', 'c.json']],
  ['+(ab).json', ['ab.json', 'abab.json', '.json']],
  ['*(ab).json', ['.json', 'abab.json', 'aba.json']],
  ['?(ab).json', ['.json', 'ab.json', 'abab.json']],
  ['(a|b)/*.json', ['a/x.json', 'b/x.json', 'c/x.json']],
  ['a+b@c', ['a+b@c']],
  ['a b/(1).json', ['a b/1.json']],
  ['**/*.ignisign.json', ['drafts/Q3 contract (final).ignisign.json', 'é/ü.ignisign.json']],
];

describe('globMatcher: glob matching by automaton, without backtracking (issue 18 item 3)', () => {
  for (const dot of [true, false]) {
    it(`means what picomatch means on ordinary globs (dot: ${dot})`, () => {
      const differences: string[] = [];
      for (const [glob, paths] of TABLE) {
        const ours = globMatcher(glob, { dot });
        const theirs = picomatch(glob, { dot });
        for (const path of paths) {
          if (ours.matches(path) !== theirs(path)) differences.push(`${JSON.stringify(glob)} on ${JSON.stringify(path)}: picomatch ${theirs(path)}, ours ${ours.matches(path)}`);
        }
      }
      assert.deepEqual(differences, []);
    });
  }

  it('reads [!…] as a negated class, as VS Code, bash and picomatch\'s posix mode do (picomatch alone reads a "!" in it)', () => {
    const matcher = globMatcher('[!a]*.json', { dot: true });
    assert.deepEqual(['a.json', 'b.json', '/x.json', '!.json'].map((p) => matcher.matches(p)), [false, true, false, true]);
    assert.deepEqual(['a.json', 'b.json'].map((p) => picomatch('[!a]*.json', { dot: true, posix: true })(p)), [false, true]);
  });

  it('matches the glob that made picomatch backtrack without end, in steps bounded by its size times the path length', () => {
    const name = `${'a'.repeat(55)}.json`;
    assert.equal(name.length, 60);
    const matcher = globMatcher(BACKTRACKING_GLOB, { dot: true });
    assert.equal(matcher.matches(name), false);
    assert.ok(matcher.lastSteps <= matcher.instructions * (name.length + 1), `${matcher.lastSteps} steps, ${matcher.instructions} instructions`);
    assert.equal(matcher.matches(`x/${'a'.repeat(20)}c.json`), true);
    // picomatch issue #175 (docs/dependency-audit.md): +(ab|abab) on an 81-character name took 1.3 s, growing steeply.
    const extglob = globMatcher('+(ab|abab)', { dot: true });
    assert.equal(extglob.matches(`${'ab'.repeat(40)}x`), false);
    assert.ok(extglob.lastSteps <= extglob.instructions * 82);
    // A path of 4 096 characters and a glob of 1 024: still a product of the two, not an exponential.
    const long = `**/${'*a'.repeat(509)}*c`;
    const big = globMatcher(long, { dot: false });
    assert.equal(big.matches('a'.repeat(4096)), false);
    assert.ok(big.lastSteps <= big.instructions * 4097);
  });

  it('tells whether a directory may hold a match, so that a walk can skip it', () => {
    const matcher = globMatcher('payloads/*/*.json', { dot: false });
    assert.equal(matcher.mayMatchBelow('payloads'), true);
    assert.equal(matcher.mayMatchBelow('payloads/x'), true);
    assert.equal(matcher.mayMatchBelow('payloads/x/y'), false);
    assert.equal(matcher.mayMatchBelow('other'), false);
    assert.equal(globMatcher('**/*.json', { dot: false }).mayMatchBelow('.git'), false, 'dot directories are not walked unless named');
    assert.equal(globMatcher('.config/*.json', { dot: false }).mayMatchBelow('.config'), true);
    assert.equal(globMatcher('!payloads/**', { dot: false }).mayMatchBelow('payloads'), true, 'a negated glob prunes nothing');
  });

  it('refuses !(…), and globs over 1 024 characters or nested deeper than 10, saying why', () => {
    assert.match(globProblem('!(a).json') ?? '', /uses !\(…\)/);
    assert.match(globProblem('a'.repeat(1025)) ?? '', /is 1025 characters long; the limit is 1024/);
    assert.match(globProblem(`${'{a,'.repeat(11)}b${'}'.repeat(11)}`) ?? '', /nests groups more than 10 deep/);
    assert.match(globProblem('{1..5000}') ?? '', /more than 1000 values/);
    assert.throws(() => globMatcher('x!(a)', { dot: true }), GlobError);
    assert.equal(globProblem('payloads/**/*.{ignisign,zigned}.json'), undefined);
  });
});
