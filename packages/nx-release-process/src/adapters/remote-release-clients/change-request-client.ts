import type { ChangeRequest } from '../../core/release-pr';

/**
 * A forge that reviews a branch before it lands: GitHub pull requests, GitLab merge requests. The release PR
 * step speaks only this interface.
 */
export interface ChangeRequestClient {
  /** For messages: "GitHub acme/trading". */
  readonly description: string;
  /** "pull request" or "merge request". */
  readonly noun: string;
  /** The open request from `branch` into `base`, or null. */
  findOpen(branch: string, base: string): Promise<ChangeRequest | null>;
  open(request: { branch: string; base: string; title: string; body: string }): Promise<ChangeRequest>;
  update(request: ChangeRequest, change: { title: string; body: string }): Promise<ChangeRequest>;
}
