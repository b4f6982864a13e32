/** The report the suite writes inside the extension host and the runners read back. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface TestReport {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
  /** Set when the suite itself could not run (load error). */
  fatal?: string;
}

export const REPORT_ENV = 'ESIGN_DRAFTS_TEST_REPORT';
export const GREP_ENV = 'ESIGN_DRAFTS_TEST_GREP';
/** "untrusted": run only the *.untrusted.test.js files (in a host whose workspace is not trusted). */
export const MODE_ENV = 'ESIGN_DRAFTS_TEST_MODE';
