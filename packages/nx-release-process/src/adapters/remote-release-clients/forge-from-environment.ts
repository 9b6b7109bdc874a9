import { allowsHttp, assertAllowedAddress } from '../../core/address-policy';
import { ReleaseProcessError } from '../../core/release-error';
import { forgeRepositoryOf, remoteLocation, type ForgeHosts, type ForgeKind } from '../../core/repository-links';
import { remoteUrl, type Repository } from '../git';
import type { ForgeClient } from './forge-client';
import { GitHubReleaseClient } from './github';
import { GitLabClient } from './gitlab';

/** `--forge`: a forge by name, or none at all. */
export type ForgeChoice = ForgeKind | 'none';
export const FORGE_CHOICES: readonly ForgeChoice[] = ['github', 'gitlab', 'none'];

export interface ForgeClientRequest {
  /** Default: from the remote's URL, then the CI the command runs in, then the tokens set. */
  forge?: ForgeChoice;
  /** Required (true), or by default: only when a token and the repository are known. */
  required?: boolean;
  /** The remote whose URL names the repository when nothing else does (default origin). */
  remote?: string;
  /** `owner/name` or `group/sub/name`; default GITHUB_REPOSITORY / CI_PROJECT_PATH, then the remote's URL. */
  repository?: string;
  /** What the forge is asked for, in the error that asks for a token: "creating releases". */
  purpose: string;
  /** Tests and callers may pass their own; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface ForgeSelection {
  client: ForgeClient | null;
  /** When the remote is on a forge that is not used for want of a token: what to set. Null otherwise. */
  unused: string | null;
}

/**
 * The forge client the environment describes, as CI sets it, or none: the one place a command gets its
 * forge from. GitHub: GITHUB_TOKEN or GH_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL. GitLab: GITLAB_TOKEN
 * (sent as PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN), CI_PROJECT_PATH, GITLAB_API_URL or CI_API_V4_URL,
 * and for a self-managed host whose name does not say "gitlab", CI_SERVER_HOST.
 */
export async function forgeFromEnvironment(repository: Repository, request: ForgeClientRequest): Promise<ForgeSelection> {
  // A variable set empty (as CI templates leave them) is a variable not set.
  const env = setVariables(request.env ?? process.env);
  if (request.forge === 'none') return { client: null, unused: null };
  const url = await remoteUrl(repository, request.remote ?? 'origin');
  const hosts = forgeHostsFrom(env);
  const fromUrl = forgeRepositoryOf(url, hosts);
  const kind = request.forge ?? fromUrl?.forge ?? forgeOfCi(env);
  const github = kind === 'github';
  const token = github ? (env.GITHUB_TOKEN ?? env.GH_TOKEN) : (env.GITLAB_TOKEN ?? env.CI_JOB_TOKEN);
  const location = fromUrl ?? (request.forge ? remoteLocation(url) : null);
  const path =
    request.repository ??
    (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_PATH) ??
    (location && (!fromUrl || fromUrl.forge === kind) ? location.path : undefined);
  const name = github ? 'GitHub' : 'GitLab';
  const tokenNames = github ? 'GITHUB_TOKEN (or GH_TOKEN)' : 'GITLAB_TOKEN (or CI_JOB_TOKEN in GitLab CI)';
  if (!request.required && !request.forge && !(token && path)) {
    return { client: null, unused: fromUrl ? `${name} is not used: set ${tokenNames}, or pass --forge none to say so` : null };
  }
  if (!token) throw new ReleaseProcessError(`${request.purpose} on ${name} needs a token`, `Set ${tokenNames}, or pass --forge none`);
  if (!path) {
    throw new ReleaseProcessError(
      `the ${name} ${github ? 'repository' : 'project'} is unknown`,
      github ? 'Set GITHUB_REPOSITORY=owner/name' : 'Set CI_PROJECT_PATH=group/name, or give origin a GitLab URL',
    );
  }
  if (github) {
    if (env.GITHUB_API_URL) assertAllowedAddress(env.GITHUB_API_URL, 'GITHUB_API_URL', allowsHttp(env));
    return { client: new GitHubReleaseClient({ repository: path, token, apiUrl: env.GITHUB_API_URL }), unused: null };
  }
  const apiUrl = env.GITLAB_API_URL ?? env.CI_API_V4_URL ?? (location ? `https://${location.host}/api/v4` : undefined);
  if (apiUrl)
    assertAllowedAddress(
      apiUrl,
      env.GITLAB_API_URL ? 'GITLAB_API_URL' : env.CI_API_V4_URL ? 'CI_API_V4_URL' : 'the GitLab host of origin',
      allowsHttp(env),
    );
  const kindOfToken = env.GITLAB_TOKEN ? 'private' : 'job';
  return { client: new GitLabClient({ project: path, token: { kind: kindOfToken, value: token }, apiUrl }), unused: null };
}

function setVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/** Hosts the environment says run a forge: a self-managed GitLab's CI_SERVER_HOST and API host, a GitHub Enterprise's. */
export function forgeHostsFrom(env: NodeJS.ProcessEnv = process.env): ForgeHosts {
  const hostOf = (url: string | undefined) => {
    try {
      return url ? [new URL(url).hostname] : [];
    } catch {
      return [];
    }
  };
  return {
    gitlab: [...(env.CI_SERVER_HOST ? [env.CI_SERVER_HOST] : []), ...hostOf(env.GITLAB_API_URL), ...hostOf(env.CI_API_V4_URL)],
    github: [...hostOf(env.GITHUB_SERVER_URL)],
  };
}

/** Without a forge's URL: the CI the command runs in, else the only forge a token is set for; GitHub by default. */
function forgeOfCi(env: NodeJS.ProcessEnv): ForgeKind {
  if (env.GITLAB_CI) return 'gitlab';
  if (env.GITHUB_ACTIONS) return 'github';
  const gitlabToken = env.GITLAB_TOKEN ?? env.CI_JOB_TOKEN;
  return gitlabToken && !(env.GITHUB_TOKEN ?? env.GH_TOKEN) ? 'gitlab' : 'github';
}
