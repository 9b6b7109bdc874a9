import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromGlobs, nxInputGlobs, productionFilesFromManifests, type ProductionFiles } from '../core/production-files';
import { productionGlobsFrom } from '../core/release-options';
import type { Workspace, WorkspaceProject } from './workspace';

/**
 * Which files a project ships, from the first place that says: the plugin's `releaseSignals.productionFiles`,
 * Nx's `production` named input, then the project's own manifests (package.json `files`, `.npmignore`,
 * pyproject's packages); without any, everything npm would publish. `tracked` lists the project's files
 * git tracks (relative to its root), asked for only when a `files` list needs checking.
 */
export function readProductionFiles(workspace: Workspace, project: WorkspaceProject, tracked: () => string[]): ProductionFiles {
  const configured = productionGlobsFrom(workspace.options.releaseSignals);
  if (configured) return fromGlobs('releaseSignals.productionFiles', configured);
  const nx = nxInputGlobs('production', workspace.namedInputs, project.namedInputs);
  if (nx) return fromGlobs('nx production input', nx);
  const dir = join(workspace.root, project.root);
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null);
  const packageJson = read('package.json');
  return productionFilesFromManifests({
    packageJson,
    npmignore: read('.npmignore'),
    pyproject: read('pyproject.toml'),
    tracked: packageJson?.includes('"files"') ? tracked() : [],
  });
}
