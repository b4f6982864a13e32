// Named imports of package.json's fields: bundles then hold these two strings, not the whole
// manifest (22 KB of contributions the CLI never reads).
import { repository, version as packageVersion } from '../../package.json';

export const version: string = packageVersion;

/** The repository (package.json "repository"): SARIF links rule ids to their pages there. */
export const repositoryUrl: string = repository.url.replace(/\.git$/, '');

/** A rule's reference page (docs/rules/<rule id>.md) as an absolute URL, for viewers outside the repository. */
export function ruleDocUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleId}.md`;
}
