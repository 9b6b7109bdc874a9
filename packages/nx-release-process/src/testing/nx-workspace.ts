import { linkInstalledPackages } from '../../../../tools/demo/sample-monorepo';
import { packageJson, TempRepo } from './temp-repo';

/**
 * A small Nx workspace (npm workspaces under packages/) with the plugin installed and configured with
 * `pluginOptions`, committed to a fresh git repository.
 */
export function createNxWorkspace(projects: Record<string, Record<string, string>>, pluginOptions: Record<string, unknown> = {}): TempRepo {
  const repo = new TempRepo('nx-workspace-');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'workspace',
      private: true,
      workspaces: ['packages/*'],
      devDependencies: { nx: '23.2.1', 'nx-release-process': '0.1.0' },
    }),
    'nx.json': JSON.stringify({
      plugins: [{ plugin: 'nx-release-process', options: pluginOptions }],
      release: { projectsRelationship: 'independent' },
    }),
    '.gitignore': 'node_modules\n.nx\ndist\n',
  };
  for (const [name, projectFiles] of Object.entries(projects)) {
    files[`packages/${name}/package.json`] = packageJson(name, '1.0.0');
    for (const [path, content] of Object.entries(projectFiles)) files[`packages/${name}/${path}`] = content;
  }
  repo.commit('chore: workspace', files);
  linkInstalledPackages(repo.root);
  return repo;
}
