import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addBareOrigin } from '../testing/bare-origin';
import { startCargoRegistry, type CargoRegistry } from '../testing/cargo-registry';
import { startCli } from '../testing/interrupt';
import { runCli } from '../testing/run-cli';
import { TempRepo } from '../testing/temp-repo';

const TOKEN = 'cio_fake_token_for_the_test_registry_9753';

/** A plain Rust crate as its users keep one: Cargo.toml, Cargo.lock committed, no package.json, no Nx. */
function crate(version: string): Record<string, string> {
  return {
    'Cargo.toml': [
      '[package]',
      'name = "gpu-kernels"',
      `version = "${version}" # released by release-process`,
      'edition = "2021"',
      'description = "Fused GPU kernels"',
      'license = "MIT"',
      '',
      '[dependencies]',
      '',
    ].join('\n'),
    'src/lib.rs': 'pub fn fused() -> u32 {\n    1\n}\n',
    '.gitignore': 'target\n',
  };
}

/**
 * A plain Rust repository released with the CLI alone to a Cargo registry (a sparse index and the publish
 * API, served by the test), then used from a fresh crate with `cargo add` and `cargo run`.
 */
describe('a plain Rust crate, prepared and released without Nx', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let registry: CargoRegistry;
  // cargo reads an alternative registry and its token from its own variables, as a CI sets them.
  const env = () => ({ CARGO_REGISTRIES_LOCAL_INDEX: registry.index, CARGO_REGISTRIES_LOCAL_TOKEN: TOKEN, CARGO_TERM_COLOR: 'never' });
  // Never a synchronous run: the registry answers from this very process.
  const cargo = async (args: string[], cwd: string) =>
    (await promisify(execFile)('cargo', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env() } })).stdout;

  beforeAll(async () => {
    registry = await startCargoRegistry(TOKEN);
    repo = new TempRepo('rust-plain-');
    repo.write(crate('1.1.0'));
    await cargo(['generate-lockfile', '--offline'], repo.root);
    repo.commit('feat: first kernels', { 'Cargo.lock': readFileSync(join(repo.root, 'Cargo.lock'), 'utf8') });
    repo.tag('v1.1.0');
    repo.commit('feat: a fused kernel', { 'src/lib.rs': 'pub fn fused() -> u32 {\n    2\n}\n' });
    origin = addBareOrigin(repo);
  });
  afterAll(async () => {
    await registry?.close();
    repo?.remove();
    origin?.remove();
  });

  it('carries Cargo.lock in the release commit, publishes the crate, and a fresh crate builds against it', async () => {
    const prepared = await runCli(repo.root, ['prepare'], env());
    expect(prepared.code).toBe(0);
    expect(readFileSync(join(repo.root, 'Cargo.toml'), 'utf8')).toContain('version = "1.2.0" # released by release-process');
    expect(repo.git('status', '--porcelain')).toBe('');
    // The release commit builds with its lockfile as it is: cargo would otherwise rewrite it.
    await cargo(['build', '--locked', '--offline', '--quiet'], repo.root);

    const dryRun = await runCli(repo.root, ['release', '--cargo-registry', 'local', '--dry-run'], env());
    expect(dryRun.stderr).toContain("[dry-run] would publish the crate gpu-kernels 1.2.0 to cargo's registry local");
    expect(registry.published).toEqual([]);

    const released = await runCli(repo.root, ['release', '--cargo-registry', 'local'], env());
    expect(released.stderr).not.toContain(TOKEN);
    expect(released.code).toBe(0);
    expect(registry.published).toEqual(['gpu-kernels@1.2.0']);

    const user = mkdtempSync(join(tmpdir(), 'cargo-user-'));
    try {
      await cargo(['init', '--quiet', '--name', 'user', '--vcs', 'none'], user);
      await cargo(['add', '--quiet', 'gpu-kernels@1.2.0', '--registry', 'local'], user);
      writeFileSync(join(user, 'src/main.rs'), 'fn main() {\n    println!("{}", gpu_kernels::fused());\n}\n');
      expect((await cargo(['run', '--quiet'], user)).trim()).toBe('2');
    } finally {
      rmSync(user, { recursive: true, force: true });
    }

    const again = await runCli(repo.root, ['release', '--cargo-registry', 'local'], env());
    expect(again.stderr).toContain('Already released: v1.2.0');
    expect(registry.published).toEqual(['gpu-kernels@1.2.0']);
  });

  it('stops on a publish the registry refuses, naming its answer and never the token', async () => {
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'release/v1.2.0');
    repo.commit('fix: guard the launch', { 'src/lib.rs': 'pub fn fused() -> u32 {\n    3\n}\n' });
    expect((await runCli(repo.root, ['prepare'], env())).code).toBe(0);
    const refused = await runCli(repo.root, ['release', '--cargo-registry', 'local'], {
      ...env(),
      CARGO_REGISTRIES_LOCAL_TOKEN: 'cio_wrong_token_2468',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cargo publish of gpu-kernels 1\.2\.1 failed: .*invalid token.* — the tags are pushed/);
    expect(refused.stderr).not.toContain('cio_wrong_token_2468');
    expect((await runCli(repo.root, ['release', '--cargo-registry', 'local'], env())).code).toBe(0);
    expect(registry.published).toEqual(['gpu-kernels@1.2.0', 'gpu-kernels@1.2.1']);
  });

  it('rolls a release back: the revert commit carries Cargo.lock, and the crate version is yanked once', async () => {
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'release/v1.2.1');
    const reverted = await runCli(repo.root, ['revert', 'v1.2.1', '--reason', 'the guard panics on empty input'], env());
    expect(reverted.stdout + reverted.stderr).toContain('Reverted v1.2.1');
    expect(reverted.code).toBe(0);
    expect(readFileSync(join(repo.root, 'Cargo.toml'), 'utf8')).toContain('version = "1.2.0"');
    expect(repo.git('status', '--porcelain')).toBe('');
    await cargo(['build', '--locked', '--offline', '--quiet'], repo.root);

    const dryRun = await runCli(repo.root, ['rollback', 'v1.2.1', '--cargo-registry', 'local', '--dry-run', '--no-announce'], env());
    expect(dryRun.stderr).toContain('[dry-run] would yank the crate gpu-kernels 1.2.1');
    expect(registry.yanked).toEqual([]);
    const rolledBack = await runCli(repo.root, ['rollback', 'v1.2.1', '--cargo-registry', 'local', '--no-announce'], env());
    expect(rolledBack.code).toBe(0);
    expect(registry.yanked).toEqual(['gpu-kernels@1.2.1']);
    const again = await runCli(repo.root, ['rollback', 'v1.2.1', '--cargo-registry', 'local', '--no-announce'], env());
    expect(again.stderr).toContain('v1.2.1 is rolled back everywhere already.');
    expect(registry.yanked).toEqual(['gpu-kernels@1.2.1']);
  });
});

describe('a plain Cargo workspace whose crates share its version', () => {
  it('bumps [workspace.package], keeps Cargo.lock, publishes the members in dependency order, and finishes a release killed between them', async () => {
    const registry = await startCargoRegistry(TOKEN);
    const env = { CARGO_REGISTRIES_LOCAL_INDEX: registry.index, CARGO_REGISTRIES_LOCAL_TOKEN: TOKEN };
    const cargo = async (args: string[], cwd: string) =>
      (await promisify(execFile)('cargo', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } })).stdout;
    const repo = new TempRepo('cargo-ws-');
    const member = (name: string, dependencies = '') =>
      `[package]\nname = "${name}"\nversion.workspace = true\nedition = "2021"\ndescription = "${name}"\nlicense = "MIT"\n\n[dependencies]\n${dependencies}`;
    repo.write({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n\n[workspace.package]\nversion = "1.0.0"\n',
      // "app" sorts first but needs "kernels" on the registry before it.
      'crates/app/Cargo.toml': member('gpu-app', 'gpu-kernels = { path = "../kernels", version = "1.0.0", registry = "local" }\n'),
      'crates/app/src/lib.rs': 'pub fn run() -> u32 {\n    gpu_kernels::fused()\n}\n',
      'crates/kernels/Cargo.toml': member('gpu-kernels'),
      'crates/kernels/src/lib.rs': 'pub fn fused() -> u32 {\n    1\n}\n',
      '.gitignore': 'target\n',
    });
    await cargo(['generate-lockfile', '--offline'], repo.root);
    repo.commit('feat: first kernels');
    repo.tag('v1.0.0');
    repo.commit('feat: a faster kernel', { 'crates/kernels/src/lib.rs': 'pub fn fused() -> u32 {\n    2\n}\n' });
    const origin = addBareOrigin(repo);
    try {
      expect((await runCli(repo.root, ['prepare'], env)).code).toBe(0);
      expect(readFileSync(join(repo.root, 'Cargo.toml'), 'utf8')).toContain('[workspace.package]\nversion = "1.1.0"');
      await cargo(['build', '--locked', '--offline', '--quiet'], repo.root);
      const args = ['release', '--cargo-registry', 'local'];
      // Killed while the second crate's upload is held unanswered, the first one taken: no clock.
      registry.holdPublishesAfter = 1;
      const run = startCli(repo.root, args, env);
      while (registry.attempted.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      await run.kill();
      expect(registry.published).toEqual(['gpu-kernels@1.1.0']);
      registry.holdPublishesAfter = Number.POSITIVE_INFINITY;
      const rerun = await runCli(repo.root, args, env);
      expect(rerun.code).toBe(0);
      expect(registry.published).toEqual(['gpu-kernels@1.1.0', 'gpu-app@1.1.0']);
      // The held upload was never taken, so it is the one asked for again, and the first is not.
      expect(registry.attempted).toEqual(['gpu-kernels@1.1.0', 'gpu-app@1.1.0', 'gpu-app@1.1.0']);
      expect(repo.git('ls-remote', '--tags', 'origin', 'v1.1.0')).toContain('refs/tags/v1.1.0');
    } finally {
      await registry.close();
      repo.remove();
      origin.remove();
    }
  });
});
