/** What a command may touch of its process: output lines, environment variables, working directory. */
export interface CliIo {
  stdout(text: string): void;
  /** Notices and errors; stderr keeps json/sarif output on stdout parseable. */
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTty: boolean;
}
