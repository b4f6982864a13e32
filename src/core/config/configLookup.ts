import fs = require('node:fs');
import path = require('node:path');
import { readPayloadFileSync } from '../payload/readPayloadFile';
import { CONFIG_FILE_NAME, parseProjectConfig, type ConfigRead } from './projectConfig';

/** A config file is small: more than this is refused (the same guarded reader as payloads: regular files only, limit + 1 bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Finds and reads esign-drafts.config.json the way ESLint finds its config: from a payload file's
 * folder upward, the nearest one wins. The walk stops after the first folder that is a boundary
 * (a workspace folder's root, given by the editor) or a repository root (holds `.git`), so a
 * config above the project never applies. Reads are cached until `invalidate` (a watcher saw a
 * config change) so that linting on every keystroke reads no file.
 */
export class ProjectConfigLookup {
  /** Folder → the config file that governs it (undefined: none). */
  private readonly nearest = new Map<string, string | undefined>();
  private readonly reads = new Map<string, ConfigRead>();

  constructor(private readonly boundaries: () => readonly string[] = () => []) {}

  /** The config that governs this file (absolute path), or undefined when there is none. */
  forFile(file: string): ConfigRead | undefined {
    const configFile = this.configFileFor(path.dirname(path.resolve(file)));
    return configFile === undefined ? undefined : this.read(configFile);
  }

  /** One config file (an explicit --config, or the one found): read once, the same way, until `invalidate`. */
  read(configFile: string): ConfigRead {
    let read = this.reads.get(configFile);
    if (!read) {
      read = readConfigFile(configFile);
      this.reads.set(configFile, read);
    }
    return read;
  }

  /** Forgets everything read: the next question reads the files again. */
  invalidate(): void {
    this.nearest.clear();
    this.reads.clear();
  }

  private configFileFor(folder: string): string | undefined {
    const visited: string[] = [];
    let found: string | undefined;
    let current = folder;
    const stops = new Set(this.boundaries().map((b) => path.resolve(b)));
    for (;;) {
      if (this.nearest.has(current)) {
        found = this.nearest.get(current);
        break;
      }
      visited.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (exists(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || stops.has(current) || exists(path.join(current, '.git'))) break;
      current = parent;
    }
    for (const dir of visited) this.nearest.set(dir, found);
    return found;
  }
}

/** Whether a path exists at all (a config that is a FIFO or a link to /dev/zero is found, then refused by the reader). */
function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads one config file through the guarded reader: regular files only, at most MAX_CONFIG_BYTES + 1 bytes. */
export function readConfigFile(configFile: string): ConfigRead {
  const read = readPayloadFileSync(configFile, configFile, MAX_CONFIG_BYTES, 0);
  if (!read.ok) {
    const message =
      read.problem === 'too-large' ? `${configFile} is over ${MAX_CONFIG_BYTES / 1024 / 1024} MB; an E-Sign Drafts config is a small JSON file, so it is not read.`
      : read.message.replace('payloads are read from regular files', 'a config is read from a regular file only');
    return { ok: false, file: configFile, message, problems: [] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return { ok: false, file: configFile, message: `Cannot use ${configFile}: it is not UTF-8 text. Expected a JSON file.`, problems: [] };
  }
  return parseProjectConfig(text.replace(/^\uFEFF/, ''), configFile);
}
