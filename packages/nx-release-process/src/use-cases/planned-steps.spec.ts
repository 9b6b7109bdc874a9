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

describe('keyed steps run beside each other', () => {
  /** Publishes of a release: e depends on b and d, b on a; each ends when the test lets it. */
  const release = (concurrency: number, failing = '') => {
    const started: string[] = [];
    const ended: string[] = [];
    const journal: StepRecord[] = [];
    const lines: string[] = [];
    const gates = new Map<string, () => void>();
    const publish = (name: string, after: string[] = []) => ({
      ...step('publish', `publish ${name}@1.0.0`, async () => {
        started.push(name);
        await new Promise<void>((resolve) => gates.set(name, resolve));
        if (name === failing) throw new Error(`npm publish ${name} failed`);
        ended.push(name);
      }),
      key: name,
      after,
    });
    const steps = [
      step('push', 'push the tags to origin', async () => void started.push('push')),
      publish('a'),
      publish('b', ['a']),
      publish('c'),
      publish('d'),
      publish('e', ['b', 'd']),
      step('forge-release', 'create the GitHub release', async () => void started.push('forge')),
    ];
    const run = runPlannedSteps(steps, {
      log: (line) => lines.push(line),
      journal: { append: (record) => journal.push(record) },
      concurrency,
    });
    run.catch(() => undefined);
    /** Lets the named publishes end, then waits until the runner has started what they free. */
    const end = async (...names: string[]) => {
      for (const name of names) (gates.get(name) as () => void)();
      for (let turn = 0; turn < 20; turn++) await Promise.resolve();
    };
    return { run, started, ended, journal, lines, end };
  };

  it('starts as many as allowed, each once the ones it comes after are done, and journals each as it ends', async () => {
    const { run, started, journal, lines, end } = release(2);
    await end();
    expect(started).toEqual(['push', 'a', 'c']); // b waits on a; two at a time
    await end('c');
    expect(started).toEqual(['push', 'a', 'c', 'd']);
    await end('a');
    expect(started).toEqual(['push', 'a', 'c', 'd', 'b']);
    await end('d');
    expect(started).not.toContain('e'); // b is not done yet
    await end('b');
    expect(started.at(-1)).toBe('e');
    await end('e');
    await run;
    expect(started.at(-1)).toBe('forge'); // the next plain step waits for the whole group
    expect(journal.map((record) => record.step)).toEqual([
      'push the tags to origin',
      'publish c@1.0.0',
      'publish a@1.0.0',
      'publish d@1.0.0',
      'publish b@1.0.0',
      'publish e@1.0.0',
      'create the GitHub release',
    ]);
    expect(lines).toContain('done (1 of 5): publish c@1.0.0');
    expect(lines).toContain('done (5 of 5): publish e@1.0.0');
  });

  it('after a failure starts nothing more, lets the running ones end and journals them, then throws the failure', async () => {
    const { run, started, ended, journal, end } = release(2, 'a');
    await end();
    await end('a'); // fails while c still runs
    expect(started).toEqual(['push', 'a', 'c']);
    await end('c');
    await expect(run).rejects.toThrow('npm publish a failed');
    expect(ended).toEqual(['c']);
    expect(journal.map((record) => record.step)).toEqual(['push the tags to origin', 'publish c@1.0.0']);
  });

  it('runs them one after another, in the planned order, with a concurrency of 1', async () => {
    const { run, started, end } = release(1);
    await end();
    expect(started).toEqual(['push', 'a']);
    for (const name of ['a', 'b', 'c', 'd', 'e']) await end(name);
    await run;
    expect(started).toEqual(['push', 'a', 'b', 'c', 'd', 'e', 'forge']);
  });
});
