import fs = require('node:fs');
import path = require('node:path');

/**
 * Replaces a file's content in one step: the new bytes go to a temporary file beside it (same
 * folder, hence same file system), which is then renamed over it. A reader (an editor, a watcher,
 * a crash half-way) sees the old file or the new one, never a part. A symbolic link is followed:
 * the file it points to is replaced, the link stays. The file keeps its permission bits. The
 * temporary name is created exclusively (`wx`), so an existing file is never overwritten.
 */
export function writeFileAtomically(file: string, content: string): void {
  const target = fs.realpathSync(file);
  const mode = fs.statSync(target).mode & 0o7777;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    fs.writeFileSync(temporary, content, { encoding: 'utf8', mode, flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
