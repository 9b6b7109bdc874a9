import type { FeedbackIssue } from '../../core/health';
import type { ForgeKind } from '../../core/repository-links';
import type { ChangeRequestClient } from './change-request-client';
import type { RemoteReleaseClient } from './remote-release-client';

/** The users' word on a release: issues opened since it. */
export interface IssueFeed {
  /**
   * Issues (not pull or merge requests) opened since `since` (ISO 8601) that carry one of the labels or
   * name the version in their title or body. Pages through at most 1,000 issues.
   */
  issuesSince(since: string, match: { labels: string[]; version: string }): Promise<FeedbackIssue[]>;
}

/**
 * Everything the release process asks of a forge: releases for tags, change requests for the release PR,
 * issues for release health. GitHub and GitLab implement it; a command never asks which one it has.
 */
export interface ForgeClient extends RemoteReleaseClient, ChangeRequestClient, IssueFeed {
  readonly kind: ForgeKind;
}
