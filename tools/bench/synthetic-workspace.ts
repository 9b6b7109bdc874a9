import { execFileSync } from 'node:child_process';
import { fastImport, type ImportedCommit } from '../../packages/nx-release-process/src/testing/fast-import';
import { packageJson, TempRepo } from '../../packages/nx-release-process/src/testing/temp-repo';
import { linkInstalledPackages } from '../demo/sample-monorepo';

/** A small seeded PRNG (mulberry32): the same seed gives the same workspace, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['feat', 'fix', 'fix', 'perf', 'docs', 'chore', 'refactor', 'test', 'ci'];

/**
 * An Nx workspace of `projects` packages forming a dependency DAG (each may depend on up to three earlier
 * ones), every project released once (tag `<name>@1.0.0`), then `commits` conventional commits touching
 * one to three projects each, written with `git fast-import`. Configured for both tools: nx release
 * (independent, conventional commits) and nx-release-process.
 * With `tagsPerProject` above 1, the history also holds that many releases of every project: tags
 * `<name>@1.<k>.0` at evenly spaced commits (232 projects × 20 releases is the 4,640 tags of nrwl/nx#33865),
 * or, with `tagsBefore`, all on the first commit, so that every commit comes after the last tags.
 */
export function createSyntheticWorkspace(projects: number, commits: number, seed = 42, tagsPerProject = 1, tagsBefore = false): TempRepo {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const repo = new TempRepo(`bench-${projects}-${commits}-`);
  const names = Array.from({ length: projects }, (_, index) => `p${String(index).padStart(4, '0')}`);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'bench',
      private: true,
      workspaces: ['packages/*'],
      devDependencies: { nx: '23.2.1', 'nx-release-process': '0.1.0' },
    }),
    'nx.json': JSON.stringify({
      plugins: [{ plugin: 'nx-release-process', options: {} }],
      release: {
        projects: ['*'],
        projectsRelationship: 'independent',
        releaseTag: { pattern: '{projectName}@{version}' },
        version: { conventionalCommits: true, preserveMatchingDependencyRanges: false },
        changelog: { projectChangelogs: true },
      },
    }),
    '.gitignore': 'node_modules\n.nx\ndist\n',
  };
  names.forEach((name, index) => {
    const dependencies: Record<string, string> = {};
    for (let edge = 0; edge < 3 && index > 0; edge++) if (random() < 0.5) dependencies[names[pick(index)]] = '^1.0.0';
    files[`packages/${name}/package.json`] = packageJson(name, '1.0.0', dependencies);
    files[`packages/${name}/src/index.ts`] = `export const name = '${name}';\n`;
  });
  const initial = repo.commit('chore: initial workspace', files);
  for (const name of names) repo.git('tag', `${name}@1.0.0`);

  const history: ImportedCommit[] = Array.from({ length: commits }, (_, index) => {
    const touched = Array.from({ length: 1 + pick(3) }, () => names[pick(names.length)]);
    const type = TYPES[pick(TYPES.length)];
    const breaking = random() < 0.01 ? '!' : '';
    return {
      message: `${type}(${touched[0]})${breaking}: change ${index}\n\nDetails of change ${index}.${random() < 0.05 ? `\n\nCloses #${index}` : ''}\n`,
      files: Object.fromEntries(touched.map((name) => [`packages/${name}/src/file-${pick(20)}.ts`, `export const v = ${index};\n`])),
    };
  });
  fastImport(repo.root, history);
  if (tagsPerProject > 1) {
    const hashes = repo.git('rev-list', '--reverse', '--first-parent', 'HEAD').trim().split('\n').slice(1);
    const refs: string[] = [];
    for (let release = 1; release < tagsPerProject; release++) {
      const commit = tagsBefore ? initial : hashes[Math.floor((release * hashes.length) / tagsPerProject)];
      for (const name of names) refs.push(`create refs/tags/${name}@1.${release}.0 ${commit}`);
    }
    execFileSync('git', ['update-ref', '--stdin'], { cwd: repo.root, input: `${refs.join('\n')}\n` });
  }
  linkInstalledPackages(repo.root);
  return repo;
}
