import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { screenshotFolder } from '../e2e/screenshotFolder';
import { REPO_ROOT } from './lintSupport';

/** `npm test` must leave `git status` clean: the e2e run used to rewrite the tracked media/screenshot-*.png. */
describe('the tests leave the checkout clean', () => {
  const ignored = (file: string) => spawnSync('git', ['check-ignore', '-q', path.relative(REPO_ROOT, file)], { cwd: REPO_ROOT }).status === 0;

  it('the e2e run saves its screenshots in a git-ignored folder unless asked to refresh the README images', () => {
    assert.ok(ignored(path.join(screenshotFolder(false), 'screenshot-authoring.png')), screenshotFolder(false));
    assert.equal(screenshotFolder(true), path.join(REPO_ROOT, 'media'));
    assert.ok(!ignored(path.join(screenshotFolder(true), 'screenshot-authoring.png')));
  });

  it('only `npm run screenshots` asks the e2e run for the README images', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    assert.match(scripts.screenshots, /runE2E\.js --screenshots$/);
    assert.doesNotMatch(scripts['test:e2e'], /--screenshots/);
    const runner = fs.readFileSync(path.join(REPO_ROOT, 'test', 'e2e', 'runE2E.ts'), 'utf8');
    assert.match(runner, /screenshotFolder\(process\.argv\.includes\('--screenshots'\)\)/);
    assert.doesNotMatch(runner, /join\(repoRoot, 'media'\)/);
  });
});
