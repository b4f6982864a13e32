import fs = require('node:fs');

/**
 * Writes a text to standard output (fd 1) or standard error (fd 2) with a synchronous write on
 * the descriptor rather than through process.stdout / process.stderr. Node creates those streams
 * on first use, and for a pipe that loads its net and stream machinery: about 1.6 ms of every
 * `esign-drafts lint`, whose own work on a typical file is some 15 ms. Every line of the CLI goes
 * through these two writers, and a synchronous write leaves nothing pending when the process ends
 * (main.ts ends a finished lint with process.exit). Once one of them has handed over to its stream
 * (below), its lines may reach a shared terminal or file after later lines of the other.
 *
 * The stream is still used where it is the better writer: on Windows (its console stream converts
 * UTF-8 for the console), and from the first time the descriptor would block (EAGAIN: a
 * non-blocking pipe that is full, which only the stream can wait on), for the rest of the run.
 * A reader that has gone (EPIPE: `esign-drafts lint | head -1`) ends the output quietly.
 */
export interface OutputWriter {
  (text: string): void;
  /** Whether anything went through the stream, whose writes may still be under way (see endsWhenDone in main.ts). */
  readonly usedStream: boolean;
}

export function outputWriter(fd: 1 | 2, stream: () => NodeJS.WritableStream, write: typeof fs.writeSync = fs.writeSync): OutputWriter {
  let useStream = process.platform === 'win32';
  let usedStream = false;
  let readerGone = false;
  const writer = (text: string): void => {
    if (readerGone) return;
    if (useStream) {
      usedStream = true;
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += write(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          useStream = usedStream = true;
          stream().write(bytes.subarray(offset));
          return;
        }
        if (code === 'EPIPE') {
          readerGone = true;
          return;
        }
        throw error;
      }
    }
  };
  return Object.defineProperty(writer, 'usedStream', { get: () => usedStream }) as OutputWriter;
}

export const writeStdout = outputWriter(1, () => process.stdout);
export const writeStderr = outputWriter(2, () => process.stderr);
