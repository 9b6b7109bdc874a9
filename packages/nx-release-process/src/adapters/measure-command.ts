import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface Measurement {
  exitCode: number;
  /** Wall time of the command, milliseconds. */
  wallMs: number;
  /** Highest resident memory of the command's process tree, MB; null where /proc is not available. */
  peakRssMb: number | null;
  /** Numeric fields of the last JSON object line the command printed (its own metrics). */
  printed: Record<string, number>;
  /** Mean GPU utilization while it ran, percent; null with the reason when not measured. */
  gpuUtilization: number | null;
  gpuNote: string | null;
}

/**
 * Runs a benchmark command once (through the shell, as a configured command) and measures it: wall time,
 * peak RSS sampled from /proc over the whole process tree, GPU utilization from nvidia-smi when there is one.
 */
export async function measureCommand(command: string, cwd: string, sampleMs = 25): Promise<Measurement> {
  const gpu = startGpuSampler();
  const started = process.hrtime.bigint();
  const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  let peakKb = 0;
  const sampler = setInterval(() => {
    if (child.pid) peakKb = Math.max(peakKb, treeRssKb(child.pid));
  }, sampleMs);
  const exitCode = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
  clearInterval(sampler);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const gpuResult = await gpu.stop();
  return {
    exitCode,
    wallMs,
    peakRssMb: existsSync('/proc/self/status') ? peakKb / 1024 : null,
    printed: lastJsonMetrics(stdout),
    gpuUtilization: gpuResult.utilization,
    gpuNote: gpuResult.note,
  };
}

/** Numeric fields of the last line that is a JSON object. */
export function lastJsonMetrics(output: string): Record<string, number> {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{') && line.endsWith('}'));
  for (let index = lines.length - 1; index >= 0; index--) {
    try {
      const parsed = JSON.parse(lines[index]) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])),
      );
    } catch {
      // not JSON after all: keep looking
    }
  }
  return {};
}

/** Resident memory of a process and all its descendants, in kB (0 once they are gone). */
export function treeRssKb(pid: number): number {
  let total = 0;
  const stack = [pid];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const current = stack.pop() as number;
    if (seen.has(current)) continue;
    seen.add(current);
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended between two reads
    }
  }
  return total;
}

/** Samples GPU utilization with nvidia-smi while a benchmark runs; degrades to "not measured" without one. */
function startGpuSampler(): { stop(): Promise<{ utilization: number | null; note: string | null }> } {
  const samples: number[] = [];
  let failure: string | null = null;
  const smi = spawn('nvidia-smi', ['--query-gpu=utilization.gpu', '--format=csv,noheader,nounits', '-lms', '200'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  smi.on('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? 'nvidia-smi not found: no GPU here' : `nvidia-smi failed: ${error.message}`;
  });
  smi.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const value = Number.parseFloat(line);
      if (Number.isFinite(value)) samples.push(value);
    }
  });
  return {
    stop: async () => {
      smi.kill();
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (samples.length === 0) return { utilization: null, note: failure ?? 'nvidia-smi gave no readings' };
      return { utilization: samples.reduce((sum, value) => sum + value, 0) / samples.length, note: null };
    },
  };
}

export interface MemoryRun {
  /** Resident memory of the process tree, sampled over the run. */
  points: Array<{ seconds: number; rssMb: number }>;
  /** Exit code when the command ended by itself before the time was up; null when it ran the whole time. */
  exitedEarly: number | null;
}

/**
 * Runs a long-lived command (a soak test, a server under load) for `durationMs`, sampling the memory of
 * its process tree, then stops it (SIGTERM to its process group).
 */
export async function sampleMemoryOver(command: string, cwd: string, durationMs: number, sampleMs: number): Promise<MemoryRun> {
  const child = spawn(command, { cwd, shell: true, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const started = Date.now();
  const points: MemoryRun['points'] = [];
  let exitedEarly: number | null = null;
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    child.on('error', () => {
      exitedEarly = 127;
      ended = true;
      resolve();
    });
    child.on('exit', (code, signal) => {
      ended = true;
      if (Date.now() - started < durationMs && !signal) exitedEarly = code ?? 1;
      resolve();
    });
  });
  while (!ended && Date.now() - started < durationMs) {
    if (child.pid) points.push({ seconds: (Date.now() - started) / 1000, rssMb: treeRssKb(child.pid) / 1024 });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, sampleMs))]);
  }
  if (!ended && child.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
  return { points, exitedEarly };
}
