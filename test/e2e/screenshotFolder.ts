import * as path from 'node:path';
import { repoRoot } from '../integration/hostPaths';

/**
 * Where the end-to-end run saves its screenshots: the README's tracked images in media/ only when
 * asked (`npm run screenshots`); otherwise a git-ignored folder, so that `npm test` leaves
 * `git status` clean.
 */
export function screenshotFolder(refreshReadme: boolean): string {
  return refreshReadme ? path.join(repoRoot, 'media') : path.join(repoRoot, '.test-results', 'screenshots');
}
