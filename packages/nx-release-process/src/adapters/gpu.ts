import { runProcess } from './process-runner';

/** The GPUs `nvidia-smi -L` lists here; none when it is missing or fails (no GPU, no driver). */
export async function listGpus(): Promise<string[]> {
  const result = await runProcess('nvidia-smi', ['-L'], { cwd: process.cwd(), timeoutMs: 15_000 });
  return result.code === 0 ? result.stdout.split('\n').filter((line) => line.startsWith('GPU ')) : [];
}
