import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startHost } from './codeServerHost';
import { codeServerBin, fixtureWorkspace, repoRoot, suiteIndex } from './hostPaths';
import { GREP_ENV, REPORT_ENV, type TestReport } from './testReport';

/** The Marketplace package's budget (issue 19): the README's screenshots are linked, not shipped. */
const MAX_VSIX_BYTES = 1_000_000;

/**
 * Checks the packaged VSIX, not the development folder: `vsce package`, then
 * `code-server --install-extension`, then the activation and authoring tests against the
 * installed copy. A stub extension is the development path only because VS Code needs one to
 * run extensionTestsPath; the tests look the real one up by its id.
 */
async function main(): Promise<number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-vsix-'));
  const vsix = path.join(work, 'esign-drafts.vsix');
  // As `npm run package`: relative README links rewritten against the repository, for the Marketplace page.
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'inherit' });
  const size = fs.statSync(vsix).size;
  if (size > MAX_VSIX_BYTES) throw new Error(`The VSIX is ${size} bytes, over ${MAX_VSIX_BYTES}: check .vscodeignore and that the bundles are minified.`);
  console.log(`VSIX: ${(size / 1024).toFixed(0)} KB`);
  const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  for (const forbidden of ['extension/src/', 'extension/test/', 'extension/node_modules/', 'extension/out/']) {
    if (listing.includes(forbidden)) throw new Error(`The VSIX contains ${forbidden}: check .vscodeignore.`);
  }
  // Development builds leave source maps in dist/; the README's screenshots stay in the repository.
  const files = listing.split('\n').map((line) => /\s(extension\/\S.*)$/.exec(line)?.[1]).filter((file): file is string => file !== undefined);
  const unwanted = files.filter((file) => file.endsWith('.map') || /^extension\/media\/screenshot-.*\.png$/.test(file));
  if (unwanted.length > 0) throw new Error(`The VSIX contains ${unwanted.join(', ')}: check .vscodeignore.`);
  // The library chunks the extension requires when first needed (scripts/build.mjs): a missing one fails only on that first need.
  const libraryChunks = fs.readdirSync(path.join(repoRoot, 'dist')).filter((file) => /^lib-.*\.js$/.test(file)).map((file) => `extension/dist/${file}`);
  if (libraryChunks.length === 0) throw new Error('dist/ holds no library chunk (dist/lib-*.js): is the build current?');
  for (const required of ['extension/dist/extension.js', 'extension/dist/extension-services.js', 'extension/dist/server.js', 'extension/dist/validators/ignisign-v3-update-signature-request.js', ...libraryChunks, 'extension/syntaxes/', 'extension/language-configuration.json', 'extension/schemas/', 'extension/snippets/', 'extension/docs/rules/', 'extension/media/icon.png', 'extension/media/walkthrough/']) {
    if (!listing.includes(required)) throw new Error(`The VSIX lacks ${required}.`);
  }
  const extensionsDir = path.join(work, 'extensions');
  execFileSync(codeServerBin, ['--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'inherit' });

  const stub = path.join(work, 'stub-extension');
  fs.mkdirSync(stub);
  fs.writeFileSync(path.join(stub, 'package.json'), JSON.stringify({ name: 'vsix-check-stub', publisher: 'esign-drafts', version: '0.0.0', engines: { vscode: '^1.100.0' } }));
  const workspace = path.join(work, 'workspace');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  const reportFile = path.join(work, 'report.json');
  const host = await startHost({
    workspace,
    extensionsDir,
    extensionDevelopmentPath: stub,
    extensionTestsPath: suiteIndex,
    env: { [REPORT_ENV]: reportFile, [GREP_ENV]: 'activates on|New Payload|quick fix from|contributed schema|Formatting payloads', ESIGN_DRAFTS_EXPECT_INSTALLED: '1' },
    log: (l) => console.log(l),
  });
  try {
    const deadline = Date.now() + 5 * 60_000;
    while (!fs.existsSync(reportFile)) {
      if (Date.now() > deadline) throw new Error('The extension host did not report within 5 minutes.');
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 100));
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as TestReport;
    for (const t of report.tests) console.log(`${t.state === 'passed' ? '  ✔' : '  ✖'} ${t.title}${t.error ? '\n' + t.error : ''}`);
    console.log(`vsix: ${report.passed} passed, ${report.failed} failed`);
    return report.failed === 0 && report.passed > 0 && !report.fatal ? 0 : 1;
  } finally {
    await host.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`vsix check: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
