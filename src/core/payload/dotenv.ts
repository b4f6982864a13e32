import path = require('node:path');
import { parseEnv } from 'node:util';
import { readPayloadFileSync } from './readPayloadFile';

/** A .env file is small: more than this is refused (read through the payload reader: regular files only, limit + 1 bytes). */
const MAX_DOTENV_BYTES = 256 * 1024;

/**
 * The `.env` file beside a payload, for `{{$dotenv NAME}}` (REST Client reads the `.env` in the
 * folder of the file it sends): its values, {} when there is none. Parsed by Node's own
 * `util.parseEnv`. Throws with a clear message when it exists but cannot be used.
 */
export function dotenvBeside(payloadFile: string): Record<string, string> {
  const file = path.join(path.dirname(payloadFile), '.env');
  const read = readPayloadFileSync(file, file, MAX_DOTENV_BYTES, 0);
  if (!read.ok) {
    if (read.problem === 'unreadable' && /no such file/.test(read.message)) return {};
    throw new Error(read.problem === 'too-large' ? `${file} is over ${MAX_DOTENV_BYTES / 1024} KB; a .env file holds a few values, so it is not read.` : read.message.replace('payloads are read from regular files', 'a .env file is read from a regular file only'));
  }
  return parseEnv(read.bytes.toString('utf8')) as Record<string, string>;
}
