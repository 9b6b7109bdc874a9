import * as semver from 'semver';
import type { GateCheck } from './gate-report';

/** What the version gate looks at, gathered by its executor. */
export interface VersionFacts {
  /** Whether the project has a release to make (its commits ask for one, or its files carry a new version). */
  pending: boolean;
  version: string;
  manifestFile: string;
  /** The last release's version, null before the first release. */
  lastRelease: string | null;
  tag: string;
  tagExists: boolean;
  /** Every version file of the project and the version it carries (null: none found). */
  versionFiles: Array<{ path: string; version: string | null }>;
  /** Ranges this project declares on workspace packages, with the version each package will have. */
  dependencyRanges: Array<{ dependency: string; range: string; version: string; file: string }>;
  changelog: { path: string; hasSection: boolean };
}

/** The version gate's checks: one per rule of the release checklist's "Version numbers updated". */
export function versionGateChecks(facts: VersionFacts): GateCheck[] {
  if (!facts.pending && facts.lastRelease === facts.version) {
    return [{ name: 'release pending', status: 'skip', detail: `nothing to release since ${facts.tag}` }];
  }
  const checks: GateCheck[] = [];
  const valid = semver.valid(facts.version) !== null;
  checks.push({
    name: 'valid version',
    status: valid ? 'pass' : 'fail',
    detail: valid ? `${facts.version} (${facts.manifestFile})` : `"${facts.version}" in ${facts.manifestFile} is not X.Y.Z or X.Y.Z-rc.N`,
  });
  if (!valid) return checks;

  checks.push(
    facts.lastRelease === null
      ? { name: 'newer than the last release', status: 'pass', detail: 'first release' }
      : semver.gt(facts.version, facts.lastRelease)
        ? { name: 'newer than the last release', status: 'pass', detail: `${facts.version} > ${facts.lastRelease}` }
        : {
            name: 'newer than the last release',
            status: 'fail',
            detail: `${facts.version} is not above the last release ${facts.lastRelease}: prepare the release with \`nx g release-branch\``,
          },
  );

  const outOfStep = facts.versionFiles.filter((file) => file.version !== facts.version);
  checks.push({
    name: 'same version in every file',
    status: outOfStep.length === 0 ? 'pass' : 'fail',
    detail:
      outOfStep.length === 0
        ? `${facts.versionFiles.length} file${facts.versionFiles.length === 1 ? '' : 's'}: ${facts.versionFiles.map((file) => file.path).join(', ')}`
        : outOfStep.map((file) => `${file.path} carries ${file.version ?? 'no version'}`).join('; '),
  });

  checks.push({
    name: 'tag is new',
    status: facts.tagExists ? 'fail' : 'pass',
    detail: facts.tagExists ? `${facts.tag} exists already: this version was released` : `${facts.tag} does not exist yet`,
  });

  const unsatisfied = facts.dependencyRanges.filter((range) => !semver.satisfies(range.version, range.range, { includePrerelease: true }));
  checks.push(
    facts.dependencyRanges.length === 0
      ? { name: 'internal dependency ranges', status: 'skip', detail: 'no ranges on workspace packages' }
      : {
          name: 'internal dependency ranges',
          status: unsatisfied.length === 0 ? 'pass' : 'fail',
          detail:
            unsatisfied.length === 0
              ? facts.dependencyRanges.map((range) => `${range.dependency} ${range.range} admits ${range.version}`).join('; ')
              : unsatisfied.map((range) => `${range.file}: ${range.dependency} ${range.range} does not admit ${range.version}`).join('; '),
        },
  );

  checks.push({
    name: 'changelog has the version',
    status: facts.changelog.hasSection ? 'pass' : 'fail',
    detail: facts.changelog.hasSection
      ? `${facts.changelog.path} has ## [${facts.version}]`
      : `${facts.changelog.path} has no section for ${facts.version}: run \`nx g changelog\``,
  });
  return checks;
}
