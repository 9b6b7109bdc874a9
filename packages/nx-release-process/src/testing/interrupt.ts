import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { CLI } from './run-cli';
import { TEST_NX_ENV } from './run-node';

export interface KillableRun {
  /** Kills the run and every process it started (git, hooks, npm), as a cancelled CI job is killed. */
  kill(): Promise<void>;
  /** Resolves when the run ends by itself, with what it printed (a run that should be killed must not). */
  ended: Promise<{ code: number | null; stderr: string }>;
}

/** Starts the `release-process` bin in a process group of its own, so it can be killed with its children. */
export function startCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): KillableRun {
  return startDetached(CLI, args, cwd, env);
}

/** Starts the workspace's own `nx` the same way. */
export function startNx(root: string, args: string[], env: NodeJS.ProcessEnv = {}): KillableRun {
  return startDetached(join(root, 'node_modules/nx/dist/bin/nx.js'), args, root, env);
}

function startDetached(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): KillableRun {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...TEST_NX_ENV, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const ended = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return {
    ended,
    kill: async () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      await ended;
    },
  };
}

/** Resolves once `path` exists (say a file a git hook writes), failing after `timeoutMs`. */
export async function waitForFile(path: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface HoldingProxy {
  url: string;
  /** Resolves when the first request chosen for holding has arrived (and is kept unanswered). */
  holding: Promise<IncomingMessage>;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a real server (a Verdaccio registry, the GitHub stand-in) that forwards every
 * request except those `hold` picks, which it keeps waiting: the moment to kill a run mid-publish.
 */
export async function startHoldingProxy(target: string, hold: (request: IncomingMessage) => boolean): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let heldOne: (request: IncomingMessage) => void = () => undefined;
  const holding = new Promise<IncomingMessage>((resolve) => (heldOne = resolve));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (hold(request)) return heldOne(request);
    const forwarded = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: request.url,
        method: request.method,
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    holding,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
