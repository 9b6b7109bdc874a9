import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempRepo } from '../testing/temp-repo';
import { lastRunSteps, openStepJournal, readStepJournal } from './step-journal';

describe('the step journal (.git/release-process/journal.jsonl)', () => {
  let repo: TempRepo;
  const path = () => join(repo.root, '.git', 'release-process', 'journal.jsonl');
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it('keeps each run apart: the last run of a command is its own steps, in order', async () => {
    const first = await openStepJournal(repo, 'release-process release', new Date('2026-01-01T00:00:00Z'));
    first.append({ kind: 'tag', step: 'tag v1.0.0' });
    const other = await openStepJournal(repo, 'release-process rollback', new Date('2026-01-02T00:00:00Z'));
    other.append({ kind: 'push', step: 'push v1.0.0-rollback to origin (atomic)' });
    const second = await openStepJournal(repo, 'release-process release', new Date('2026-01-03T00:00:00Z'));
    second.append({ kind: 'tag', step: 'tag v1.1.0' });
    second.append({ kind: 'push', step: 'push v1.1.0 to origin' });
    expect(await lastRunSteps(repo, 'release-process release')).toEqual([
      { kind: 'tag', step: 'tag v1.1.0' },
      { kind: 'push', step: 'push v1.1.0 to origin' },
    ]);
    expect(await lastRunSteps(repo, 'release-process rollback')).toEqual([
      { kind: 'push', step: 'push v1.0.0-rollback to origin (atomic)' },
    ]);
    expect(await lastRunSteps(repo, 'release-process snapshot')).toEqual([]);
  });

  it('a line cut short by a kill is left out, the lines before it kept', async () => {
    const journal = await openStepJournal(repo, 'release-process release');
    journal.append({ kind: 'tag', step: 'tag v1.0.0' });
    appendFileSync(path(), '{"run":"x","command":"release-process release","kind":"pu');
    expect((await readStepJournal(repo)).map((entry) => entry.step)).toEqual(['tag v1.0.0']);
  });

  it('past its size keeps the newer half, so it never grows without end', async () => {
    const journal = await openStepJournal(repo, 'release-process release');
    const long = 'x'.repeat(1000);
    for (let index = 0; index < 600; index++) journal.append({ kind: 'tag', step: `${index} ${long}` });
    await openStepJournal(repo, 'release-process release');
    const kept = readFileSync(path(), 'utf8').trim().split('\n');
    expect(kept).toHaveLength(300);
    expect(kept[299]).toContain('"599 ');
    writeFileSync(path(), '');
    expect(await readStepJournal(repo)).toEqual([]);
  });
});
