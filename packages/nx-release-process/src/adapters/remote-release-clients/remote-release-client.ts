/** A forge that hosts releases for tags (GitHub; GitLab would be another implementation). */
export interface RemoteReleaseClient {
  /** For messages: "GitHub acme/trading". */
  readonly description: string;
  /** Fails, saying what to fix, when the token cannot create releases in the repository. */
  verifyAccess(): Promise<void>;
  releaseExists(tag: string): Promise<boolean>;
  /** Creates the release and returns its web URL. */
  createRelease(release: { tag: string; title: string; notes: string; prerelease: boolean }): Promise<string>;
}
