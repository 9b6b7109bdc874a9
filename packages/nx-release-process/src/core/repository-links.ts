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
  const forge = forgeRepositoryOf(remoteUrl);
  if (!forge) return null;
  const { host, path } = forge;
  const base = `https://${host}`;
  const separator = forge.forge === 'gitlab' ? '/-/' : '/';
  return {
    commit: (hash) => `${base}/${path}${separator}commit/${hash}`,
    issue: ({ issue, owner, repository }) => {
      const issuePath = owner && repository ? `${owner}/${repository}` : path;
      return `${base}/${issuePath}${separator}issues/${issue}`;
    },
  };
}

/** The forge, host and repository path (`acme/trading`, GitLab subgroups kept) of a GitHub or GitLab remote URL. */
export function forgeRepositoryOf(remoteUrl: string | null): { forge: 'github' | 'gitlab'; host: string; path: string } | null {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(
    (remoteUrl ?? '').trim(),
  );
  if (!match) return null;
  const [, host, path] = match;
  if (/(^|\.)github\.com$/.test(host) || host.startsWith('github.')) return { forge: 'github', host, path };
  if (/(^|\.)gitlab\.com$/.test(host) || host.startsWith('gitlab.')) return { forge: 'gitlab', host, path };
  return null;
}
