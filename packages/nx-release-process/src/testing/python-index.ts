import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitUntilServing } from './local-server';

/**
 * The venv `.ci/run` makes (pinned build, twine, pypiserver, bump-my-version): its bin folder, put first
 * in PATH as an activated venv would be.
 */
export const PYTHON_VENV_BIN = resolve(__dirname, '../../../../.venv/bin');

export function pythonToolsPath(): string {
  if (!existsSync(join(PYTHON_VENV_BIN, 'python'))) {
    throw new Error(`no Python venv at ${PYTHON_VENV_BIN}: run .ci/run, or make it as .ci/run does`);
  }
  return `${PYTHON_VENV_BIN}:${process.env.PATH}`;
}

export interface PythonIndex {
  /** Where twine uploads (`--repository-url`). */
  uploadUrl: string;
  /** Where pip reads (`--index-url`, PIP_INDEX_URL). */
  simpleUrl: string;
  /** Files it holds, as uploaded. */
  files(): string[];
  stop(): Promise<void>;
}

/** A real package index (pypiserver) on loopback, uploads allowed to `user` with `password` only. */
export async function startPythonIndex(user: string, password: string): Promise<PythonIndex> {
  const dir = mkdtempSync(join(tmpdir(), 'pypiserver-'));
  const packages = join(dir, 'packages');
  mkdirSync(packages);
  const htpasswd = join(dir, 'htpasswd');
  execFileSync(join(PYTHON_VENV_BIN, 'python'), [
    '-c',
    'import sys; from passlib.apache import HtpasswdFile; h = HtpasswdFile(sys.argv[1], new=True); h.set_password(sys.argv[2], sys.argv[3]); h.save()',
    htpasswd,
    user,
    password,
  ]);
  const port = await freePort();
  const child = spawn(
    join(PYTHON_VENV_BIN, 'pypi-server'),
    ['run', '-i', '127.0.0.1', '-p', String(port), '-P', htpasswd, '-a', 'update', '--disable-fallback', packages],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilServing(`${url}simple/`, child, 'pypiserver');
  return {
    uploadUrl: url,
    simpleUrl: `${url}simple/`,
    files: () => execFileSync('ls', [packages], { encoding: 'utf8' }).split('\n').filter(Boolean),
    stop: async () => {
      // pypiserver's server does not stop on SIGTERM while a connection lingers.
      child.kill('SIGKILL');
      await new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
