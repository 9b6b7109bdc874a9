import {
  EVERYTHING_PUBLISHED,
  fromNpmIgnore,
  fromPackageFiles,
  nxInputGlobs,
  productionFileMatcher,
  productionFilesFromManifests,
  pythonPackageFolders,
  fromGlobs,
} from './production-files';

describe('production files', () => {
  it('follows package.json files: folders, globs, ! entries and what npm always packs', () => {
    const matches = productionFileMatcher(fromPackageFiles(['bin', 'dist', '!dist/**/*.tsbuildinfo', 'src/**/schema.json']));
    expect(['bin/cli.js', 'dist/index.js', 'src/generators/x/schema.json', 'README.md', 'package.json', 'LICENSE'].every(matches)).toBe(
      true,
    );
    expect(['dist/.tsbuildinfo', 'src/index.ts', 'test/a.spec.ts', 'docs/guide.md'].some(matches)).toBe(false);
  });

  it('follows .npmignore as gitignore does: names at any depth, anchored paths at the root', () => {
    const matches = productionFileMatcher(fromNpmIgnore('# tests\ntest\n/docs/\n*.spec.js\n'));
    expect(['lib/a.js', 'README.md'].every(matches)).toBe(true);
    expect(['test/a.js', 'lib/test/a.js', 'docs/a.md', 'lib/a.spec.js', 'package-lock.json'].some(matches)).toBe(false);
  });

  it('reads the package folders of a pyproject.toml', () => {
    expect(pythonPackageFolders('[tool.setuptools]\npackages = ["gpu_kernels", "gpu_kernels.ops"]\n')).toEqual([
      'gpu_kernels',
      'gpu_kernels/ops',
    ]);
    expect(pythonPackageFolders('[tool.setuptools.packages.find]\nwhere = ["src"]\n')).toEqual(['src']);
    expect(pythonPackageFolders('[tool.poetry]\nname = "x"\npackages = [\n  { include = "pricing", from = "src" },\n]\n')).toEqual([
      'src/pricing',
    ]);
    expect(pythonPackageFolders('[tool.hatch.build.targets.wheel]\npackages = ["src/strategy"]\n')).toEqual(['src/strategy']);
    expect(pythonPackageFolders('[project]\nname = "x"\n')).toEqual([]);
  });

  it('takes the first declaration of a project, and everything npm publishes without one', () => {
    const pyproject = '[project]\nname = "x"\n[tool.setuptools]\npackages = ["x"]\n';
    const tracked = ['lib/index.js', 'test/index.js', 'x/core.py'];
    expect(productionFilesFromManifests({ packageJson: '{"files":["lib"]}', npmignore: 'test', pyproject, tracked }).source).toBe(
      'package.json files',
    );
    expect(productionFilesFromManifests({ packageJson: '{"name":"x"}', npmignore: 'test', pyproject, tracked }).source).toBe('.npmignore');
    const python = productionFilesFromManifests({ packageJson: null, npmignore: null, pyproject, tracked });
    expect(python.source).toBe('pyproject packages');
    expect(productionFileMatcher(python)('docs/index.md')).toBe(false);
    expect(productionFileMatcher(python)('x/core.py')).toBe(true);
    expect(productionFilesFromManifests({ packageJson: '{"name":"x"}', npmignore: null, pyproject: null, tracked })).toBe(
      EVERYTHING_PUBLISHED,
    );
    const everything = productionFileMatcher(EVERYTHING_PUBLISHED);
    expect(everything('test/a.js')).toBe(true);
    expect(everything('package-lock.json')).toBe(false);
  });

  it('passes over a files list of build output git does not track: the sources are what commits change', () => {
    const tracked = ['src/index.ts', 'src/index.spec.ts', 'README.md'];
    expect(
      productionFilesFromManifests({ packageJson: '{"files":["dist","!dist/**/*.map"]}', npmignore: null, pyproject: null, tracked }),
    ).toBe(EVERYTHING_PUBLISHED);
    expect(
      productionFilesFromManifests({ packageJson: '{"files":["dist","src"]}', npmignore: null, pyproject: null, tracked }).source,
    ).toBe('package.json files');
  });

  it("resolves Nx's production input through the inputs it names, keeping the project's own files", () => {
    const workspace = {
      default: ['{projectRoot}/**/*', 'sharedGlobals'],
      sharedGlobals: ['{workspaceRoot}/tsconfig.base.json'],
      production: [
        'default',
        '!{projectRoot}/**/?(*.)+(spec|test).[jt]s?(x)?(.snap)',
        '!{projectRoot}/jest.config.[jt]s',
        { runtime: 'node -v' },
      ],
    };
    const globs = nxInputGlobs('production', workspace);
    expect(globs).toEqual(['**/*', '!**/?(*.)+(spec|test).[jt]s?(x)?(.snap)', '!jest.config.[jt]s']);
    const matches = productionFileMatcher(fromGlobs('nx production input', globs as string[]));
    expect(matches('src/index.ts')).toBe(true);
    expect(matches('src/index.spec.ts')).toBe(false);
    expect(matches('jest.config.ts')).toBe(false);
    expect(nxInputGlobs('production', workspace, { production: ['{projectRoot}/src/**/*'] })).toEqual(['src/**/*']);
    expect(nxInputGlobs('production', { default: ['{projectRoot}/**/*'] })).toBeNull();
  });
});
