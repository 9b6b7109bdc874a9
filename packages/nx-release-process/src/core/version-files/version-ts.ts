import { replaceVersionMatch, type VersionFileKind } from './version-file';

const VERSION = /^(export\s+const\s+\w*VERSION\w*\s*(?::\s*string\s*)?=\s*['"`])([^'"`]*)(['"`])/im;

/** A TypeScript constant such as `export const VERSION = '1.2.0'`. */
export const versionTs: VersionFileKind = {
  name: 'version.ts',
  locations: ['version.ts', 'src/version.ts', '*/version.ts', 'src/*/version.ts'],
  manifest: false,
  read: (_path, text) => VERSION.exec(text)?.[2] ?? null,
  write: (path, text, change) => replaceVersionMatch(path, text, VERSION, change),
};
