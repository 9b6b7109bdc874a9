import { execFile } from 'node:child_process';

/** The GPUs `nvidia-smi -L` lists here; none when it is missing or fails (no GPU, no driver). */
export function listGpus(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { timeout: 15_000 }, (error, stdout) =>
      resolve(
        error
          ? []
          : String(stdout)
              .split('\n')
              .filter((line) => line.startsWith('GPU ')),
      ),
    );
  });
}
