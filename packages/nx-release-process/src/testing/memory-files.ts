import type { ReleaseFileReader } from '../core/release-edits';

/** A ReleaseFileReader over a map of path -> content, for core tests. */
export function memoryFiles(files: Record<string, string>): ReleaseFileReader {
  const paths = Object.keys(files);
  return {
    exists: (path) => path in files || paths.some((file) => file.startsWith(`${path}/`)),
    read: (path) => files[path] ?? null,
    children: (dir) => [
      ...new Set(paths.filter((file) => file.startsWith(`${dir}/`)).map((file) => file.slice(dir.length + 1).split('/')[0])),
    ],
  };
}
