import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_SHARED_FOR_MS, auditWorkspace, sharedAuditPath } from './npm-audit';
import { lockfile, startAdvisoryRegistry, type AdvisoryRegistry } from '../testing/advisory-registry';

describe('npm audit of the workspace', () => {
  let registry: AdvisoryRegistry;
  let root: string;
  beforeAll(async () => (registry = await startAdvisoryRegistry()));
  afterAll(() => registry.close());
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'npm-audit-'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'workspace', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }),
    );
    writeFileSync(join(root, '.npmrc'), `registry=${registry.url}\n`);
    registry.audits = [];
    registry.answer = 'none';
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('does not start npm without a lockfile, and says how to make one', async () => {
    expect(await auditWorkspace(root, 'high')).toEqual({
      ran: false,
      ok: false,
      detail: 'npm audit could not run: no package-lock.json (create one with npm install --package-lock-only)',
    });
    expect(registry.audits).toEqual([]);
  });

  it('audits once for every gate task of the same lockfile, and fails at the severity floor', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    registry.answer = 'critical';
    const first = await auditWorkspace(root, 'high');
    expect(first).toEqual({ ran: true, ok: false, detail: 'npm audit: 1 critical' });
    expect(registry.audits).toEqual([{ 'left-pad': ['1.3.0'] }]);

    registry.answer = 'none'; // were npm asked again, it would hear "no advisories"
    const second = await auditWorkspace(root, 'critical');
    expect(second).toMatchObject({ ran: true, ok: false });
    expect(second.detail).toMatch(/^npm audit: 1 critical \(run at \d{4}-\d\d-\d\dT[\d:.]+Z for this lockfile\)$/);
    expect(registry.audits).toHaveLength(1);
  });

  it('audits again when the lockfile changes or the shared answer is older than ten minutes', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    const started = Date.now();
    expect(await auditWorkspace(root, 'high', started)).toEqual({
      ran: true,
      ok: true,
      detail: 'npm audit: no vulnerabilities at high or above',
    });
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.1.0'));
    await auditWorkspace(root, 'high', started);
    expect(registry.audits).toEqual([{ 'left-pad': ['1.3.0'] }, { 'left-pad': ['1.1.0'] }]);

    await auditWorkspace(root, 'high', started + AUDIT_SHARED_FOR_MS - 1000);
    expect(registry.audits).toHaveLength(2);
    await auditWorkspace(root, 'high', started + AUDIT_SHARED_FOR_MS + 1000);
    expect(registry.audits).toHaveLength(3);
  });

  it('reports a registry that cannot audit, and keeps no answer so the next task tries again', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    registry.answer = 500;
    const refused = await auditWorkspace(root, 'high');
    expect(refused).toMatchObject({ ran: false, ok: false });
    expect(refused.detail).toMatch(/^npm audit could not run: .*500/);
    expect(existsSync(sharedAuditPath(root))).toBe(false);

    registry.answer = 'none';
    expect(await auditWorkspace(root, 'high')).toMatchObject({ ran: true, ok: true });
    expect(registry.audits).toHaveLength(2);
  });
});
