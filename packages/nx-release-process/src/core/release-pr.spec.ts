import { gateReport } from './gates/gate-report';
import { MAX_BODY, planReleasePr, releasePrBody, RELEASE_PR_MARKER, type ReleasePrState } from './release-pr';

const AT = '2026-12-01T00:00:00.000Z';

const state: ReleasePrState = {
  remote: 'origin',
  branch: 'release/v1.2.0',
  base: 'main',
  head: 'b'.repeat(40),
  remoteBranch: null,
  title: 'chore: release v1.2.0',
  body: 'notes',
  existing: null,
};

describe('planReleasePr', () => {
  it('pushes the branch and opens the request the first time', () => {
    expect(planReleasePr(state).map((action) => action.kind)).toEqual(['push-branch', 'open']);
  });

  it('on a rerun after a new commit: pushes with a lease on what the remote had, and updates the request', () => {
    const existing = { number: 7, url: 'https://github.com/acme/x/pull/7', title: state.title, body: 'old notes' };
    const actions = planReleasePr({ ...state, remoteBranch: 'a'.repeat(40), existing });
    expect(actions).toEqual([
      { kind: 'push-branch', remote: 'origin', branch: 'release/v1.2.0', head: state.head, expected: 'a'.repeat(40) },
      { kind: 'update', request: existing, title: state.title, body: 'notes' },
    ]);
  });

  it('plans nothing when the remote has the commit and the request says the same', () => {
    const existing = { number: 7, url: 'u', title: state.title, body: 'notes\n' };
    expect(planReleasePr({ ...state, remoteBranch: state.head, existing })).toEqual([]);
  });
});

describe('releasePrBody', () => {
  const gates = [gateReport('version-gate', 'core', [{ name: 'v', status: 'pass', detail: '' }], undefined, AT)];
  const failing = [
    gateReport('test-gate', 'api', [{ name: 'tests', status: 'fail', detail: 'api:test <b>failed</b> | exit 1' }], undefined, AT),
  ];

  it('says what merging does, carries the notes and a table of the gates with what fails', () => {
    const body = releasePrBody({
      tags: ['core@1.1.0', 'api@2.0.1'],
      notes: ['# Release core@1.1.0\n\n- a', '# Release api@2.0.1\n\n- b'],
      projects: [
        { name: 'core', version: '1.1.0', gates },
        { name: 'api', version: '2.0.1', gates: failing },
      ],
    });
    expect(body.startsWith(`${RELEASE_PR_MARKER}\nMerging this prepares the release of \`core@1.1.0\`, \`api@2.0.1\`.`)).toBe(true);
    expect(body).toContain('# Release core@1.1.0\n\n- a\n\n# Release api@2.0.1');
    expect(body).toContain(
      '| project | version | version-gate | test-gate |\n|---|---|---|---|\n| core | 1.1.0 | ✅ pass | · not run |\n| api | 2.0.1 | · not run | ❌ fail |',
    );
    expect(body).toContain('- **api** test-gate: tests — api:test &lt;b&gt;failed&lt;/b&gt; \\| exit 1');
  });

  it('stays under the forge limit, cutting the notes and saying so', () => {
    const body = releasePrBody({ tags: ['v1.0.0'], notes: ['x'.repeat(200_000)], projects: [{ name: 'core', version: '1.0.0', gates }] });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body).toContain('…the notes go on: see RELEASE_NOTES.md on the branch.');
    expect(body).toContain('## Release gates');
  });
});
