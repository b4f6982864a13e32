import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startHost } from './codeServerHost';
import { fixtureWorkspace, repoRoot, suiteIndex } from './hostPaths';
import { REPORT_ENV, GREP_ENV, MODE_ENV, type TestReport } from './testReport';

/**
 * Runs the integration suite (test/integration/suite) inside a real VS Code extension host:
 * code-server + headless Chromium. Exits non-zero when a test fails, when no test ran, or when
 * the host does not report within the time limit. On a machine that can download VS Code,
 * runInElectron.ts runs the same suite under @vscode/test-electron.
 */
const TIMEOUT_MS = Number(process.env.ESIGN_DRAFTS_TEST_TIMEOUT_MS ?? 10 * 60_000);

/** One host run: the trusted suite, then the Restricted-Mode one in a host whose workspace is not trusted. */
async function main(): Promise<number> {
  const trusted = await runSuite(true);
  const untrusted = await runSuite(false);
  return trusted || untrusted;
}

async function runSuite(trusted: boolean): Promise<number> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-it-'));
  const workspace = path.join(work, 'workspace');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  const reportFile = path.join(work, 'report.json');
  const env: Record<string, string> = { [REPORT_ENV]: reportFile, [MODE_ENV]: trusted ? 'trusted' : 'untrusted' };
  if (process.env[GREP_ENV]) env[GREP_ENV] = process.env[GREP_ENV]!;

  console.log(`Integration tests in code-server, ${trusted ? 'trusted workspace' : 'workspace NOT trusted (Restricted Mode)'} (${workspace})`);
  const host = await startHost({ workspace, trusted, extensionDevelopmentPath: repoRoot, extensionTestsPath: suiteIndex, env, log: (l) => console.log(l) });
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    while (!fs.existsSync(reportFile)) {
      if (Date.now() > deadline) throw new Error(`The extension host did not report results within ${TIMEOUT_MS / 1000}s.`);
      if (host.server.exitCode !== null) throw new Error(`code-server exited with code ${host.server.exitCode} before the tests reported.`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The suite writes the file in one call; give a partially written file a moment.
    await new Promise((r) => setTimeout(r, 100));
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as TestReport;
    for (const test of report.tests) {
      const mark = test.state === 'passed' ? '  ✔' : test.state === 'failed' ? '  ✖' : '  -';
      console.log(`${mark} ${test.title}${test.durationMs !== undefined ? ` (${test.durationMs} ms)` : ''}`);
      if (test.error) console.log(test.error.split('\n').map((l) => '      ' + l).join('\n'));
    }
    if (report.fatal) console.log(`Suite could not run: ${report.fatal}`);
    console.log(`\nintegration (${trusted ? 'trusted' : 'restricted'}): ${report.passed} passed, ${report.failed} failed, ${report.pending} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (report.fatal || report.failed > 0) return 1;
    if (report.passed === 0) {
      console.log('No integration test ran: failing rather than passing vacuously.');
      return 1;
    }
    return 0;
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`code-server log: ${host.serverLog}`);
    try {
      console.error(fs.readFileSync(host.serverLog, 'utf8').split('\n').slice(-40).join('\n'));
    } catch {
      // no log
    }
    return 1;
  } finally {
    await host.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
