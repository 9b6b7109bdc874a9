import { gateReport } from './gate-report';
import { gateObjection, gatesRefusal, releaseTagMessage, skipReason, stampStillHolds } from './release-clearance';

const AT = '2026-12-01T00:00:00.000Z';

const judged = { commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', roots: ['packages/core'], uncommitted: {} };
const passing = {
  ...gateReport('release-gate', 'core', [{ name: 'version-gate', status: 'pass', detail: 'pass' }], undefined, AT),
  judged,
};

describe('gateObjection', () => {
  it('clears a passing report that judged the content released', () => {
    expect(gateObjection(passing, [])).toBeNull();
  });

  it('objects to a missing report, a failing one (naming its failing checks), an unstamped one and one about other code', () => {
    expect(gateObjection(null, null)).toBe('its release gate has not run');
    const failing = gateReport(
      'release-gate',
      'core',
      [
        { name: 'version-gate', status: 'pass', detail: 'pass' },
        { name: 'checklist-gate', status: 'fail', detail: 'fail: sign-off: qa' },
      ],
      undefined,
      AT,
    );
    expect(gateObjection({ ...failing, judged }, [])).toBe('its release gate failed: checklist-gate (fail: sign-off: qa)');
    const { judged: _judged, ...unstamped } = passing;
    expect(gateObjection(unstamped, null)).toBe('its release gate report does not say which commit it judged');
    expect(gateObjection(passing, null)).toBe('its release gate report does not say which commit it judged');
    expect(gateObjection(passing, ['packages/core/a.ts', 'packages/core/b.ts', 'packages/core/c.ts', 'packages/core/d.ts'])).toBe(
      'its release gate judged a1b2c3d, and packages/core/a.ts, packages/core/b.ts, packages/core/c.ts and 1 more changed since',
    );
  });
});

describe('stampStillHolds', () => {
  const tree = 'c'.repeat(40);
  const stamp = {
    ...judged,
    roots: ['packages/core', 'packages/utils'],
    trees: { 'packages/core': tree, 'packages/utils': 'd'.repeat(40) },
  };
  // HEAD moved: another commit, of this clone or not, with the same trees
  const head = { ...stamp, commit: 'f'.repeat(40) };

  it('keeps a stamp whose folders have the trees judged, whatever its commit, with nothing there uncommitted', () => {
    expect(stampStillHolds(stamp, head)).toBe(true);
  });

  it('asks for a new stamp when a tree differs, on uncommitted files, on other folders, or without trees to compare', () => {
    expect(stampStillHolds(stamp, { ...head, trees: { ...head.trees, 'packages/core': 'e'.repeat(40) } })).toBe(false);
    expect(stampStillHolds(stamp, { ...head, trees: { ...head.trees, 'packages/core': null } })).toBe(false);
    // a folder git had no tree for, then and now, says nothing of its files
    const none = { ...stamp.trees, 'packages/utils': null };
    expect(stampStillHolds({ ...stamp, trees: none }, { ...head, trees: none })).toBe(false);
    expect(stampStillHolds({ ...stamp, uncommitted: { 'packages/core/a.ts': 'b'.repeat(40) } }, head)).toBe(false);
    expect(stampStillHolds(stamp, { ...head, uncommitted: { 'packages/core/a.ts': null } })).toBe(false);
    expect(stampStillHolds(stamp, { ...head, roots: ['packages/core', 'packages/api'] })).toBe(false);
    // a stamp from an older version, or a folder git could not name
    expect(stampStillHolds(judged, { ...head, roots: judged.roots })).toBe(false);
    expect(stampStillHolds({ ...stamp, trees: { 'packages/core': tree } }, head)).toBe(false);
    expect(stampStillHolds(stamp, { ...head, trees: undefined })).toBe(false);
  });
});

describe('gatesRefusal', () => {
  it('names every project and reason, the command that runs their gates, and the override', () => {
    const error = gatesRefusal([
      { project: 'core', problem: 'its release gate has not run' },
      { project: 'api', problem: 'its release gate failed: checklist-gate (fail)' },
    ]);
    expect(error.message).toBe(
      'the gates do not clear this release: core: its release gate has not run; api: its release gate failed: checklist-gate (fail); nothing was released. ' +
        'Run `nx run-many -t release-gate -p core,api` and fix what fails, or release anyway with --skip-gates --reason "why"',
    );
  });
});

describe('skipReason', () => {
  it('keeps one inert line, bounded', () => {
    expect(skipReason('  signed off\n in the\u202e incident\x1b[31m channel ')).toBe('signed off in the incident channel');
    expect(skipReason('x'.repeat(1000))).toHaveLength(300);
  });

  it('refuses an empty reason, saying how to give one', () => {
    expect(() => skipReason(undefined)).toThrow('--skip-gates needs a reason');
    expect(() => skipReason(' \n ')).toThrow('Add --reason "why the gates are skipped"');
  });
});

describe('releaseTagMessage', () => {
  it('is the notes alone when nothing is to be said', () => {
    expect(releaseTagMessage('## core 1.2.0', {})).toBe('## core 1.2.0');
  });

  it('adds a visible paragraph and the trailers git reads back, last', () => {
    const message = releaseTagMessage('## core 1.2.0', {
      kind: 'hotfix',
      gatesSkipped: { reason: 'ping @ops, see ![x](http://t)', objections: [{ project: 'core', problem: 'its release gate has not run' }] },
    });
    expect(message).toBe(
      [
        '## core 1.2.0',
        '> **Released with its gates skipped:** ping `@ops`, see !\\[x](http://t)\n> - core: its release gate has not run',
        'Release-Kind: hotfix\nGates-Skipped: ping `@ops`, see !\\[x](http://t)',
      ].join('\n\n'),
    );
  });
});
