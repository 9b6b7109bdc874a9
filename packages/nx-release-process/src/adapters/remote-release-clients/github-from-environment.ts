import { ReleaseProcessError } from '../../core/release-error';
import { forgeRepositoryOf } from '../../core/repository-links';
import { remoteUrl, type Repository } from '../git';
import { GitHubReleaseClient } from './github';

export interface GitHubClientRequest {
  /** Asked for (true), refused (false), or by default: when a token and the repository are known. */
  wanted?: boolean;
  /** The remote whose URL names the repository when nothing else does. */
  remote?: string;
  /** `owner/name`; default GITHUB_REPOSITORY, then the remote's URL. */
  repository?: string;
  /** Default GITHUB_API_URL, then api.github.com. */
  apiUrl?: string;
  /** What it is for, in the error that asks for a token: "GitHub releases need a token". */
  needsTokenFor: string;
  /** The option that turns it off, for that error: `--no-github-release`. */
  offSwitch: string;
}

/**
 * The GitHub client the environment describes, as CI sets it (GITHUB_TOKEN or GH_TOKEN, GITHUB_REPOSITORY,
 * GITHUB_API_URL), or null when GitHub is not wanted: the one place a command gets its GitHub client from.
 */
export async function githubClientFromEnvironment(
  repository: Repository,
  request: GitHubClientRequest,
): Promise<GitHubReleaseClient | null> {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  const fromUrl = forgeRepositoryOf(await remoteUrl(repository, request.remote ?? 'origin'));
  const name = request.repository ?? process.env.GITHUB_REPOSITORY ?? (fromUrl?.forge === 'github' ? fromUrl.path : undefined);
  if (!(request.wanted ?? Boolean(token && name))) return null;
  if (!token) throw new ReleaseProcessError(request.needsTokenFor, `Set GITHUB_TOKEN (or GH_TOKEN), or pass ${request.offSwitch}`);
  if (!name) throw new ReleaseProcessError('the GitHub repository is unknown', 'Set GITHUB_REPOSITORY=owner/name');
  return new GitHubReleaseClient({ repository: name, token, apiUrl: request.apiUrl ?? process.env.GITHUB_API_URL });
}
