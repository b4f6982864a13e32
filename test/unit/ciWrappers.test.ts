import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPackedCli, NPM, packedCli, QUIET_NPM_ENV } from '../support/packedCli';
import { REPO_ROOT } from './lintSupport';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml ships no types; only load() is used
const yaml = require('js-yaml') as { load(text: string): unknown };

interface ActionStep {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/**
 * The action's `run:` steps, run as the runner runs a composite action's bash steps
 * (`bash --noprofile --norc -eo pipefail <script>`, the step's env with its `${{ }}` expressions
 * evaluated, RUNNER_TEMP, GITHUB_PATH added to PATH for the next steps). `uses:` steps (setup-node)
 * are what this machine already has. Returns the exit code and output of the last step run, and
 * the name of the step that failed, if one did.
 */
function runAction(inputs: Record<string, string>, workspace: string, temp: string) {
  const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']));
  const githubPath = path.join(temp, 'github-path');
  fs.writeFileSync(githubPath, '');
  let PATH = process.env.PATH ?? '';
  let last = { code: null as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    if (step.uses) continue;
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [
        name,
        value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
          if (expression === 'github.action_path') return REPO_ROOT;
          if (expression.startsWith('inputs.')) return values[expression.slice('inputs.'.length)];
          throw new Error(`unexpected expression ${expression}`);
        }),
      ]),
    );
    const script = path.join(temp, 'step.sh');
    fs.writeFileSync(script, step.run!);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, encoding: 'utf8', env: { ...QUIET_NPM_ENV, PATH, HOME: temp, RUNNER_TEMP: temp, GITHUB_PATH: githubPath, ...env } });
    last = { code: result.status, stdout: result.stdout, stderr: result.stderr };
    if (result.status !== 0) return { ...last, failed: step.name };
    PATH = [...fs.readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse(), PATH].join(path.delimiter);
  }
  return { ...last, failed: undefined };
}

describe('CI wrappers: the GitHub Action and the pre-commit hook', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  const temp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-action-'));
    dirs.push(dir);
    return dir;
  };
  const samples = () => {
    const dir = path.join(temp(), 'workspace');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), dir, { recursive: true });
    return dir;
  };
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  describe('action.yml', () => {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });

    it('is a composite action: set up Node, install the CLI, lint --format github; inputs files, config, max-warnings; no input spliced into a script', () => {
      assert.equal(action.runs.using, 'composite');
      for (const input of ['files', 'config', 'max-warnings', 'version']) assert.ok(action.inputs[input]?.description, input);
      const [setup, install, lint] = action.runs.steps;
      assert.match(setup.uses ?? '', /^actions\/setup-node@v\d+$/);
      assert.match(install.run ?? '', /npm install -g/);
      assert.match(lint.run ?? '', /args=\(lint --format github /);
      for (const step of action.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, `${step.name}: inputs go through env, not into the script text`);
    });

    it('on the samples: the stylish report in the log, one annotation per finding, exit 1 on errors', () => {
      const tmp = temp();
      const { code, stdout, failed } = runAction({ version: packedCli().tarball }, samples(), tmp);
      assert.equal(failed, 'Lint payloads', 'every step before the lint ran through');
      assert.equal(code, 1, stdout);
      assert.match(stdout, /✖ 9 problems \(3 errors, 4 warnings, 2 info\) in 4 files/);
      const annotations = stdout.split('\n').filter((line) => line.startsWith('::'));
      assert.equal(annotations.length, 9);
      assert.ok(annotations.includes('::error file=needs-fixing.ignisign.json,line=3,col=3,endLine=3,endColumn=10,title=unknown-property::Unknown property "titel" in the update body: did you mean "title"?'), annotations.join('\n'));
      assert.equal(annotations.filter((a) => a.startsWith('::warning file=needs-fixing.ignisign.json,')).length, 4);
      assert.equal(annotations.filter((a) => a.startsWith('::notice ')).length, 2);
      // The CLI went into RUNNER_TEMP, nowhere else.
      assert.ok(fs.existsSync(path.join(tmp, 'esign-drafts-cli', 'bin', 'esign-drafts')));
    });

    it('files: globs reach esign-drafts unexpanded; config and max-warnings are passed on', () => {
      const workspace = samples();
      fs.writeFileSync(path.join(workspace, 'warnings-only.config.json'), JSON.stringify({ rules: { 'unknown-property': 'off', schema: 'off', 'response-only-field': 'off' } }));
      // "*.zigned.json" is a glob for esign-drafts: the shell in the step does not expand it (nor the one that matches nothing).
      const zigned = runAction({ version: packedCli().tarball, files: '*.zigned.json \n nothing/*.zigned.json' }, workspace, temp());
      assert.equal(zigned.code, 0, zigned.stdout + zigned.stderr);
      assert.match(zigned.stdout, /1 file checked, no problems/);
      assert.match(zigned.stderr, /warning: no payload file matches nothing\/\*\.zigned\.json /);
      const warnings = runAction({ version: packedCli().tarball, files: 'needs-fixing.ignisign.json', config: 'warnings-only.config.json', 'max-warnings': '3' }, workspace, temp());
      assert.equal(warnings.code, 1, warnings.stdout + warnings.stderr);
      assert.match(warnings.stderr, /too many warnings: 4, --max-warnings allows 3/);
      assert.deepEqual(
        warnings.stdout.split('\n').filter((l) => l.startsWith('::')).map((l) => l.split(' ')[0]),
        ['::warning', '::notice', '::warning', '::warning', '::warning'],
      );
      assert.equal(runAction({ version: packedCli().tarball, files: 'needs-fixing.ignisign.json', config: 'warnings-only.config.json', 'max-warnings': '4' }, workspace, temp()).code, 0);
    });
  });

  describe('.pre-commit-hooks.yaml', () => {
    const hooks = yaml.load(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string }[];

    it('one node hook running `esign-drafts lint` on files named like payloads', () => {
      assert.equal(hooks.length, 1);
      const [hook] = hooks;
      assert.deepEqual([hook.id, hook.language, hook.entry], ['esign-drafts-lint', 'node', 'esign-drafts lint']);
      const files = new RegExp(hook.files);
      for (const name of ['a.ignisign.json', 'dir/b.ignisign-v4.json', 'c.zigned.json']) assert.ok(files.test(name), name);
      for (const name of ['package.json', 'a.ignisign.json.bak', 'a.zigned.jsonc', 'ignisign.json']) assert.ok(!files.test(name), name);
    });

    it('the entry, as pre-commit runs it on staged payload files, exits 1 on errors and 0 when clean', function () {
      if (process.platform === 'win32') this.skip();
      const workspace = samples();
      const bin = path.dirname(installPackedCli(temp()));
      const [command, ...args] = hooks[0].entry.split(' ');
      const run = (files: string[]) => spawnSync(command, [...args, ...files], { cwd: workspace, encoding: 'utf8', env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } }).status;
      assert.equal(run(['needs-fixing.ignisign.json', 'rental-agreement.zigned.json']), 1);
      assert.equal(run(['rental-agreement.zigned.json']), 0);
    });

    it('pre-commit packs the repository root (language: node): that tarball holds the CLI its "bin" names, without the extension', () => {
      // What `npm pack` at the root would take once its prepack has built dist/ (npm run build did here).
      const listed = spawnSync(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', env: QUIET_NPM_ENV });
      assert.equal(listed.status, 0, listed.stderr);
      const files = (JSON.parse(listed.stdout.slice(listed.stdout.indexOf('[')))[0].files as { path: string }[]).map((f) => f.path);
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
      assert.ok(files.includes(manifest.bin['esign-drafts']), manifest.bin['esign-drafts']);
      assert.match(manifest.scripts.prepack, /scripts\/build\.mjs/);
      // Everything the CLI runs is bundled into dist/: installing the packed root (what the hook does) pulls no package.
      assert.equal(manifest.dependencies, undefined);
      // The same CLI files as the npm package's, and nothing of the extension, sources or tests.
      const cliFiles = packedCli().files.filter((f) => f.startsWith('dist/') || f.startsWith('snippets/'));
      assert.deepEqual(
        files.filter((f) => f.startsWith('dist/') || f.startsWith('snippets/')).sort(),
        cliFiles,
      );
      assert.deepEqual(
        files.filter((f) => !f.startsWith('dist/') && !f.startsWith('snippets/')).sort(),
        ['LICENSE', 'README.md', 'package.json'],
      );
    });
  });
});
