import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUMPVERSION_FILES, bumpversionPatterns } from '../core/version-files/bumpversion';
import type { VersionFilePattern } from '../core/version-files';
import type { Workspace, WorkspaceProject } from './workspace';

/**
 * The version files each project's bump2version / bump-my-version configuration lists (the first of
 * `.bumpversion.toml`, `.bumpversion.cfg`, `setup.cfg`, `pyproject.toml` that has one), as version file
 * patterns for that project alone: a team moving over keeps its file list and patterns.
 */
export function readBumpversionPatterns(workspace: Workspace, projects: WorkspaceProject[]): VersionFilePattern[] {
  return projects.flatMap((project) => {
    for (const file of BUMPVERSION_FILES) {
      const path = join(workspace.root, project.root, file);
      if (!existsSync(path)) continue;
      const shown = project.root ? `${project.root}/${file}` : file;
      const patterns = bumpversionPatterns(shown, readFileSync(path, 'utf8'));
      if (patterns) return patterns.map((pattern) => ({ ...pattern, projects: [project.name] }));
    }
    return [];
  });
}
