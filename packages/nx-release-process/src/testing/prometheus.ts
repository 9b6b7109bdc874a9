import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's prometheus (`apt-get install prometheus`, as .ci/run does). */
export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

export interface LocalPrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on loopback, scraping `targets` (host:port) every second, with its storage in a temporary
 * folder; resolves once it answers ready.
 */
export async function startPrometheus(targets: string[]): Promise<LocalPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]\n`,
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`prometheus did not start: ${output.slice(-2000)}`);
}

export const hasPrometheus = (): boolean => existsSync(PROMETHEUS);

export interface MetricsExporter {
  /** host:port, for Prometheus to scrape. */
  target: string;
  /** Errors per request served by `version` from now on. */
  setErrorRate(version: string, rate: number): void;
  close(): Promise<void>;
}

/**
 * A service's metrics endpoint: `app_requests_total` and `app_errors_total` counters by `version`, growing
 * every 100 ms (100 requests a second per version) with the error rate the test sets.
 */
export async function startMetricsExporter(rates: Record<string, number>): Promise<MetricsExporter> {
  const counters = new Map(Object.keys(rates).map((version) => [version, { requests: 0, errors: 0 }]));
  const current = new Map(Object.entries(rates));
  const timer = setInterval(() => {
    for (const [version, counter] of counters) {
      counter.requests += 10;
      counter.errors += 10 * (current.get(version) ?? 0);
    }
  }, 100);
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const lines = ['# TYPE app_requests_total counter', '# TYPE app_errors_total counter'];
    for (const [version, counter] of counters) {
      lines.push(
        `app_requests_total{version="${version}"} ${counter.requests}`,
        `app_errors_total{version="${version}"} ${counter.errors}`,
      );
    }
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    setErrorRate: (version, rate) => current.set(version, rate),
    close: () => {
      clearInterval(timer);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
