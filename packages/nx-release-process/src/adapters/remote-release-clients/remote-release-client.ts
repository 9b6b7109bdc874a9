/** A forge that hosts releases for tags (GitHub; GitLab would be another implementation). */
export interface RemoteReleaseClient {
  /** For messages: "GitHub acme/trading". */
  readonly description: string;
  /** Fails, saying what to fix, when the token cannot create releases in the repository. */
  verifyAccess(): Promise<void>;
  releaseExists(tag: string): Promise<boolean>;
  /** Creates the release and returns its web URL. */
  createRelease(release: { tag: string; title: string; notes: string; prerelease: boolean }): Promise<string>;
  /** The release's notes, or null when the tag has no release. */
  releaseNotes(tag: string): Promise<string | null>;
  /** Puts the notice above the release's notes and stops it being the latest release. */
  markRolledBack(tag: string, notice: string): Promise<void>;
}
