/** A link shown with a forge release: where the release's package can be downloaded. */
export interface ReleaseLink {
  name: string;
  url: string;
}

/** A forge that hosts releases for tags: GitHub, GitLab. */
export interface RemoteReleaseClient {
  /** For messages: "GitHub acme/trading", "GitLab grp/sub/trading". */
  readonly description: string;
  /** Whether a release keeps links to downloads (GitLab's release links); GitHub keeps uploaded files only. */
  readonly keepsLinks: boolean;
  /** Fails, saying what to fix, when the token cannot create releases in the repository. */
  verifyAccess(): Promise<void>;
  releaseExists(tag: string): Promise<boolean>;
  /**
   * Creates the release of a tag already on the forge and returns its web URL. Links to the published
   * packages go with it where the forge keeps links (GitLab); a release made meanwhile is updated, not doubled.
   */
  createRelease(release: {
    tag: string;
    title: string;
    notes: string;
    prerelease: boolean;
    links?: ReleaseLink[];
    /** False: never the repository's latest release (a rollback's own release); GitHub only, GitLab goes by date. */
    latest?: boolean;
  }): Promise<string>;
  /** The release's notes, or null when the tag has no release. */
  releaseNotes(tag: string): Promise<string | null>;
  /** Puts the notice above the release's notes and, where the forge allows it, stops it being the latest release. */
  markRolledBack(tag: string, notice: string): Promise<void>;
}
