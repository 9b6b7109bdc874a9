export type ForgeKind = 'github' | 'gitlab';

/** Where a repository lives on a forge: `path` is `owner/name`, or `group/subgroup/…/name` on GitLab. */
export interface ForgeRepository {
  forge: ForgeKind;
  host: string;
  path: string;
}

/**
 * Hosts known to run a forge beyond the ones their names give away (`github.com`, `gitlab.example.com`):
 * a self-managed GitLab at `git.acme.dev` is known from CI_SERVER_HOST or GITLAB_API_URL.
 */
export interface ForgeHosts {
  github?: string[];
  gitlab?: string[];
}

/** Web links to commits, issues, change requests and comparisons of a GitHub or GitLab repository. */
export interface RepositoryLinks {
  forge: ForgeKind;
  commit(hash: string): string;
  /** `#12`, or `owner/repo#12` (`group/sub/project#12` on GitLab) when owner and repository are set. */
  issue(reference: { issue: string; owner: string | null; repository: string | null }): string;
  /** `!12` (or `group/project!12`) is a GitLab merge request; null on GitHub, where it is no reference. */
  changeRequest(number: string, project: string | null): string | null;
  /** The changes between two tags. */
  compare(from: string, to: string): string;
}

/**
 * Reads a remote URL (https, ssh or scp-like) and returns links for GitHub and GitLab hosts,
 * or null for any other remote, whose URL layout is unknown.
 */
export function repositoryLinks(remoteUrl: string, hosts: ForgeHosts = {}): RepositoryLinks | null {
  const repository = forgeRepositoryOf(remoteUrl, hosts);
  if (!repository) return null;
  const { forge, host, path } = repository;
  const web = (project: string) => `https://${host}/${project}${forge === 'gitlab' ? '/-' : ''}`;
  return {
    forge,
    commit: (hash) => `${web(path)}/commit/${hash}`,
    issue: ({ issue, owner, repository: name }) => `${web(owner && name ? `${owner}/${name}` : path)}/issues/${issue}`,
    changeRequest: (number, project) => (forge === 'gitlab' ? `${web(project ?? path)}/merge_requests/${number}` : null),
    compare: (from, to) => `${web(path)}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`,
  };
}

/** The forge, host and repository path (`acme/trading`, GitLab subgroups kept) of a GitHub or GitLab remote URL. */
export function forgeRepositoryOf(remoteUrl: string | null, hosts: ForgeHosts = {}): ForgeRepository | null {
  const location = remoteLocation(remoteUrl);
  if (!location) return null;
  const forge = forgeOfHost(location.host, hosts);
  return forge ? { forge, ...location } : null;
}

/** Host and path of a remote URL of any host; null for a local path or a URL without a repository path. */
export function remoteLocation(remoteUrl: string | null): { host: string; path: string } | null {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(
    (remoteUrl ?? '').trim(),
  );
  if (!match) return null;
  const [, host, path] = match;
  return { host: host.toLowerCase(), path: path.replace(/^\/+/, '') };
}

function forgeOfHost(host: string, hosts: ForgeHosts): ForgeKind | null {
  if (hosts.gitlab?.some((known) => known.toLowerCase() === host)) return 'gitlab';
  if (hosts.github?.some((known) => known.toLowerCase() === host)) return 'github';
  if (/(^|\.)github\.com$/.test(host) || host.startsWith('github.')) return 'github';
  if (/(^|\.)gitlab\.com$/.test(host) || host.startsWith('gitlab.')) return 'gitlab';
  return null;
}

/**
 * `#12`, `!12`, `owner/repo#12` and `group/sub/project!4` as written in a line of Markdown: only after a
 * space, an opening bracket or the start, so `C#`, `a!b`, `a#1` and URLs stay text. Linear on any input.
 */
const REFERENCE = /(^|[\s(])((?:[A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]+)?([#!])(\d+)\b/g;

/**
 * Turns the references in a line of commit text into links of the repository's forge: issues everywhere,
 * merge requests and nested groups on GitLab. What the forge would not read as a reference (`!12` on
 * GitHub, `a/b/c#1` on GitHub) is left as written.
 */
export function linkReferences(text: string, links: RepositoryLinks): string {
  return text.replace(REFERENCE, (all, before: string, project: string | undefined, sign: string, number: string) => {
    const link = referenceLink(links, project ?? null, sign, number);
    return link ? `${before}[${all.slice(before.length)}](${link})` : all;
  });
}

/** The label of each reference in the text (`#12`, `acme/other#7`, `grp/proj!4`) that the forge links. */
export function referencesIn(text: string, links: RepositoryLinks | null): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) {
    if (!links || referenceLink(links, match[2] ?? null, match[3], match[4])) found.add(match[0].slice(match[1].length));
  }
  return found;
}

function referenceLink(links: RepositoryLinks, project: string | null, sign: string, number: string): string | null {
  // GitHub repositories are always owner/name; a deeper path there is text, not a reference.
  if (project && links.forge === 'github' && project.split('/').length !== 2) return null;
  if (sign === '!') return links.changeRequest(number, project);
  const slash = project ? project.indexOf('/') : -1;
  return links.issue({
    issue: number,
    owner: project ? project.slice(0, slash) : null,
    repository: project ? project.slice(slash + 1) : null,
  });
}
