import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { GREP_ENV, MODE_ENV, REPORT_ENV, type TestOutcome, type TestReport } from '../testReport';

/**
 * Entry point VS Code requires in the extension host (extensionTestsPath). Runs every
 * *.test.js beside it and writes a report for runInCodeServer.ts; rejects on failure so that
 * @vscode/test-electron sees it too.
 */
export async function run(): Promise<void> {
  const reportFile = process.env[REPORT_ENV];
  const outcomes: TestOutcome[] = [];
  const write = (report: TestReport) => {
    if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  };
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    const grep = process.env[GREP_ENV];
    if (grep) mocha.grep(grep);
    // Restricted-Mode tests need a host whose workspace is not trusted; the others need trust.
    const untrusted = process.env[MODE_ENV] === 'untrusted';
    for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f.endsWith('.untrusted.test.js') === untrusted).sort()) {
      mocha.addFile(path.join(__dirname, file));
    }
    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((count) => resolve(count));
      runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
      runner.on('fail', (test, error: Error) => outcomes.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error?.stack ?? String(error) }));
      runner.on('pending', (test) => outcomes.push({ title: test.fullTitle(), state: 'pending' }));
    });
    write({
      passed: outcomes.filter((t) => t.state === 'passed').length,
      failed: outcomes.filter((t) => t.state === 'failed').length,
      pending: outcomes.filter((t) => t.state === 'pending').length,
      tests: outcomes,
    });
    if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
  } catch (error) {
    if (!outcomes.length) write({ passed: 0, failed: 0, pending: 0, tests: [], fatal: error instanceof Error ? error.stack ?? error.message : String(error) });
    throw error;
  }
}
