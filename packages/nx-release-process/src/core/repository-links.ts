/** Web links to commits and issues of a GitHub or GitLab repository. */
export interface RepositoryLinks {
  commit(hash: string): string;
  issue(reference: { issue: string; owner: string | null; repository: string | null }): string;
}

/**
 * Reads a remote URL (https, ssh or scp-like) and returns links for GitHub and GitLab hosts,
 * or null for any other remote, whose URL layout is unknown.
 */
export function repositoryLinks(remoteUrl: string): RepositoryLinks | null {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(remoteUrl.trim());
  if (!match) return null;
  const [, host, path] = match;
  const isGitHub = /(^|\.)github\.com$/.test(host) || host.startsWith('github.');
  const isGitLab = /(^|\.)gitlab\.com$/.test(host) || host.startsWith('gitlab.');
  if (!isGitHub && !isGitLab) return null;
  const base = `https://${host}`;
  const separator = isGitLab ? '/-/' : '/';
  return {
    commit: (hash) => `${base}/${path}${separator}commit/${hash}`,
    issue: ({ issue, owner, repository }) => {
      const issuePath = owner && repository ? `${owner}/${repository}` : path;
      return `${base}/${issuePath}${separator}issues/${issue}`;
    },
  };
}
