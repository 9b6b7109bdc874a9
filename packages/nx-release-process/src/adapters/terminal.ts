import { environmentSecrets } from '../core/redact';
import { printable } from '../core/printable';

/**
 * The one way out for everything printed — answers on stdout, progress and errors on stderr: each line
 * has its terminal controls removed and every secret the environment holds masked.
 */
export function writeOut(text: string): boolean {
  return process.stdout.write(printable(text, environmentSecrets(process.env)));
}

/** A progress or notice line, on stderr so stdout stays the command's answer (`--json`). */
export function progress(line: string): void {
  process.stderr.write(`${printable(line, environmentSecrets(process.env))}\n`);
}

/** A line on stdout (executors, generators: Nx shows their stdout as the task's output). */
export function say(line: string): void {
  process.stdout.write(`${printable(line, environmentSecrets(process.env))}\n`);
}

/** A use case's output: the caller's log, given the same treatment as the terminal's lines, or `say`. */
export function printerFor(log: ((line: string) => void) | undefined): (line: string) => void {
  return log ? (line) => log(printable(line, environmentSecrets(process.env))) : say;
}

/**
 * When the reader of our output goes away (`release-process plan --json | head -1`), the command ends
 * there, quietly, with the exit code it had so far: nobody is left to read the rest, or a stack trace.
 */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED')
        process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}
