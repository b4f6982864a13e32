/**
 * Bad input: exit 2. `usage` is the command's usage, printed after the message when set.
 * A module of its own so that the dispatcher (src/cli/main.ts, via args.ts) does not load the
 * config reader, and with it the provider registry.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}
