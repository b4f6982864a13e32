import fs = require('node:fs');
import { formatSize, inspectPayloadSize, MAX_PAYLOAD_BYTES, tooLargeMessage } from './fileGuard';

/**
 * Reading a payload from disk without trusting what the file claims to be. A symlink to
 * /dev/zero, a FIFO or a device reports a size of 0 and then never ends (or never starts): such
 * files are refused before any byte is read, links resolved first. A regular file is read into a
 * bounded buffer, at most the limit plus one byte, whatever `stat` said about its size: a file
 * that grows while it is read is cut there and reported as too large.
 */

export type PayloadFileProblem =
  /** A FIFO, device, socket or directory (after resolving links): never read. */
  | 'not-regular'
  /** Over the limit (by its size, or because it grew past it while being read). */
  | 'too-large'
  /** Missing, no permission, a dangling link…: the operating system's error. */
  | 'unreadable';

export type PayloadFileRead =
  | { ok: true; bytes: Buffer }
  | {
      ok: false;
      problem: PayloadFileProblem;
      /** Says what the file is and what was expected; names the file as `label`. */
      message: string;
      /** The file's first bytes, for a file refused as too large (to recognise it by its `$schema`). */
      head?: Buffer;
    };

/**
 * The operating system's realpath where it is dependable: Node's own (fs.realpathSync) walks the
 * path in JavaScript, one lstat per folder, which was the largest part of reading a small file
 * (lint checks every file it is given). On Windows Node's JavaScript walk stays: the native call
 * does not resolve every kind of drive there (subst, some network shares).
 */
const realpath: (file: string) => string = process.platform === 'win32' ? fs.realpathSync : fs.realpathSync.native;

/** What a file that is not a regular file is, for messages ("a FIFO (named pipe)"). */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** "X is a FIFO (named pipe), not a regular file; payloads are read from regular files." */
export function notRegularMessage(label: string, stat: fs.Stats, realPath: string, givenPath: string): string {
  const via = realPath !== givenPath ? ` (it links to ${realPath})` : '';
  return `${label} is ${fileKind(stat)}${via}, not a regular file; payloads are read from regular files, so it is not read.`;
}

function osProblem(label: string, error: unknown): Extract<PayloadFileRead, { ok: false }> {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file (or a link to a file that does not exist)'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ELOOP' ? 'too many levels of symbolic links'
    : (error as Error).message;
  return { ok: false, problem: 'unreadable', message: `Cannot read ${label}: ${why}.` };
}

/**
 * Where the file really is and what it is, without reading it: links resolved (realpath), then
 * `stat`. Ok only for a regular file within the limit. For callers that hand the reading to
 * someone else (VS Code opening a document), so that they never ask it to open a FIFO.
 */
export function checkPayloadFile(file: string, label = file, limit = MAX_PAYLOAD_BYTES): { ok: true; size: number } | Extract<PayloadFileRead, { ok: false }> {
  let realPath: string;
  let stat: fs.Stats;
  try {
    realPath = realpath(file);
    stat = fs.statSync(realPath);
  } catch (error) {
    return osProblem(label, error);
  }
  if (!stat.isFile()) return { ok: false, problem: 'not-regular', message: notRegularMessage(label, stat, realPath, file) };
  const size = inspectPayloadSize(stat.size, limit);
  if (!size.ok) return { ok: false, problem: 'too-large', message: size.message };
  return { ok: true, size: stat.size };
}

/**
 * Reads a payload file: only a regular file (links resolved), at most `limit` bytes. Never
 * blocks on a FIFO (checked before opening, opened non-blocking, checked again on the open
 * descriptor in case the path changed in between) and never reads more than `limit + 1` bytes.
 */
export function readPayloadFileSync(file: string, label = file, limit = MAX_PAYLOAD_BYTES, headBytes = 4096): PayloadFileRead {
  const checked = checkPayloadFile(file, label, Number.MAX_SAFE_INTEGER);
  if (!checked.ok) return checked;
  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO since the check, open returns instead of waiting for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return osProblem(label, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: 'not-regular', message: notRegularMessage(label, stat, file, file) };
    if (stat.size > limit) {
      // Its size alone decides: only the head is read, to recognise the file.
      const head = readUpTo(fd, Math.min(headBytes, limit));
      return { ok: false, problem: 'too-large', message: tooLargeMessage(formatSize(stat.size), limit), head };
    }
    // stat's size is a hint for the buffer, not a bound: /proc files say 0, and a file may grow.
    const bytes = readUpTo(fd, limit + 1, stat.size + 1);
    if (bytes.length > limit) {
      return { ok: false, problem: 'too-large', message: tooLargeMessage(`over ${formatSize(limit)} (it grew while it was read)`, limit), head: bytes.subarray(0, Math.min(headBytes, limit)) };
    }
    return { ok: true, bytes };
  } catch (error) {
    return osProblem(label, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads from the start until end of file or `max` bytes, growing the buffer from `initial` as needed. */
function readUpTo(fd: number, max: number, initial = max): Buffer {
  let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(initial, max)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= max) break;
      const grown = Buffer.allocUnsafe(Math.min(max, Math.max(buffer.length * 2, 64 * 1024)));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}
