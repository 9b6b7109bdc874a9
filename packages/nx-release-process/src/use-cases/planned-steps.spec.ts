import { runPlannedSteps, step } from './planned-steps';
import type { StepRecord } from '../adapters/step-journal';

describe('runPlannedSteps', () => {
  const walk = (dryRun: boolean, failAt = -1) => {
    const applied: string[] = [];
    const lines: string[] = [];
    const journal: StepRecord[] = [];
    const steps = ['tag v1.2.0', 'push v1.2.0 to origin', 'publish core@1.2.0'].map((description, index) =>
      step(description.split(' ')[0], description, async () => {
        if (index === failAt) throw new Error(`${description} failed`);
        applied.push(description);
      }),
    );
    const run = runPlannedSteps(steps, { dryRun, log: (line) => lines.push(line), journal: { append: (record) => journal.push(record) } });
    return { run, applied, lines, journal };
  };

  it('a dry run names every step after "would", carries out none and journals none', async () => {
    const { run, applied, lines, journal } = walk(true);
    const done = await run;
    expect(lines).toEqual(['[dry-run] would tag v1.2.0', '[dry-run] would push v1.2.0 to origin', '[dry-run] would publish core@1.2.0']);
    expect(applied).toEqual([]);
    expect(journal).toEqual([]);
    expect(done.map((record) => record.kind)).toEqual(['tag', 'push', 'publish']);
  });

  it('a real run names, carries out and journals each step, in the order the dry run gave', async () => {
    const dry = await walk(true).run;
    const { run, applied, lines, journal } = walk(false);
    expect(await run).toEqual(dry);
    expect(journal).toEqual(dry);
    expect(applied).toEqual(dry.map((record) => record.step));
    expect(lines).toEqual(dry.map((record) => record.step));
  });

  it('stops at the step that fails, with the steps before it journaled and the error as it was', async () => {
    const { run, applied, journal } = walk(false, 1);
    await expect(run).rejects.toThrow('push v1.2.0 to origin failed');
    expect(applied).toEqual(['tag v1.2.0']);
    expect(journal).toEqual([{ kind: 'tag', step: 'tag v1.2.0' }]);
  });
});
