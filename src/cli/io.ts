/** What a command may touch of its process: output lines, environment variables, working directory. */
export interface CliIo {
  stdout(text: string): void;
  /** Notices and errors; stderr keeps json/sarif output on stdout parseable. */
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The --dotenv file's own variables (already under `env`, where the real ones win), for `{{$dotenv NAME}}`. */
  dotenv?: Readonly<Record<string, string>>;
  cwd: string;
  isTty: boolean;
}
