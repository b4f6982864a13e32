import packageJson from '../../package.json';

export const version: string = packageJson.version;

/** The repository (package.json "repository"): SARIF links rule ids to their pages there. */
export const repositoryUrl: string = packageJson.repository.url.replace(/\.git$/, '');

/** A rule's reference page (docs/rules/<rule id>.md) as an absolute URL, for viewers outside the repository. */
export function ruleDocUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleId}.md`;
}
