import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutControls } from '../core/printable';
import { fastImport, type ImportedCommit } from '../testing/fast-import';
import { runCli } from '../testing/run-cli';
import { packageJson, TempRepo } from '../testing/temp-repo';

/** 10,000 commit messages an attacker or a broken tool could write, each touching the project. */
function hostileCommits(canary: string): ImportedCommit[] {
  // A 1 MiB subject once, not in every cycle: 770 copies would make the test about git moving 770 MiB.
  const huge = `feat: ${'x'.repeat(1024 * 1024)}`;
  const hostile: Array<string | Buffer> = [
    '',
    Buffer.concat([Buffer.from('fix: bytes '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), Buffer.from(' end')]),
    'fix: windows\r\n\r\nbody\r\nBREAKING CHANGE: crlf\r\n',
    `feat: $(touch ${canary}-dollar)`,
    `fix: \`touch ${canary}-backtick\``,
    'feat: <script>alert(1)</script> and <img src=x onerror=alert(2)>',
    'fix: [click](javascript:alert(3)) **bold** | table | ![i](http://x)',
    'feat(</summary><script>alert(4)</script>): scope injection',
    'fix: {{constructor.constructor("alert(5)")()}} handlebars',
    'Revert "feat: nothing"\n\nThis reverts commit zzzz.',
    'chore!: \u0000\u0007 control characters',
    'fix: \x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b]0;title\x07 \x1b[2K\rrewritten \x9b31m',
  ];
  return Array.from({ length: 10_000 }, (_, index) => ({
    message: index === 1 ? huge : hostile[index % hostile.length],
    files: { [`src/file-${index % 7}.ts`]: `export const n = ${index};\n` },
  }));
}

describe('hostile commit messages', () => {
  let repo: TempRepo;
  let scratch: string;
  beforeAll(() => {
    repo = new TempRepo('hostile-');
    scratch = mkdtempSync(join(tmpdir(), 'canary-'));
    repo.commit('chore: start', { 'package.json': packageJson('victim', '1.0.0') });
    repo.tag('v1.0.0');
    fastImport(repo.root, hostileCommits(join(scratch, 'ran')));
  });
  afterAll(() => {
    repo.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('plans 10,000 of them without a crash and without running anything', async () => {
    const result = await runCli(repo.root, ['plan', '--json']);
    expect(result.stderr).toBe('');
    const plan = JSON.parse(result.stdout);
    expect(plan.projects[0]).toMatchObject({ name: 'victim', bump: 'major', nextVersion: '2.0.0' });
    expect(plan.projects[0].commits).toHaveLength(10_000);
    expect(existsSync(join(scratch, 'ran-dollar'))).toBe(false);
    expect(existsSync(join(scratch, 'ran-backtick'))).toBe(false);
  });

  it('renders notes and the changelog section, carrying the text as text, no terminal control included', async () => {
    const notes = await runCli(repo.root, ['notes']);
    expect(notes.code).toBe(0);
    expect(withoutControls(notes.stdout)).toBe(notes.stdout);
    expect(notes.stdout).toContain('- red link '); // the words stay, the controls go
    // Markdown carries no raw HTML a renderer would run
    expect(notes.stdout).not.toMatch(/<script|<img/);
    expect(notes.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notes.stdout).toContain('## 🔄 Migration Guide');
    expect(notes.stdout).toContain('{{constructor.constructor("alert(5)")()}} handlebars'); // not evaluated as a template
    const changelog = await runCli(repo.root, ['notes', '--format', 'changelog']);
    expect(changelog.code).toBe(0);
    expect(changelog.stdout).toMatch(/^## \[2\.0\.0\] - \d{4}-\d\d-\d\d\n\n### BREAKING\n/);
    expect(existsSync(join(scratch, 'ran-dollar'))).toBe(false);
  });

  it('prints the plan as text with no terminal control from a message', async () => {
    const plan = await runCli(repo.root, ['plan']);
    expect(plan.code).toBe(0);
    expect(withoutControls(plan.stdout)).toBe(plan.stdout);
    expect(withoutControls(plan.stderr)).toBe(plan.stderr);
  });

  it('comes out escaped in the HTML dashboard', async () => {
    const result = await runCli(repo.root, ['report']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(repo.root, 'dist/release-report/dashboard.html'), 'utf8');
    expect(html).not.toMatch(/<script|<img|javascript:alert\(3\)\)"|onerror=alert\(2\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('and 9950 more');
  });
});

describe('a message with 2,000 BREAKING CHANGE footers', () => {
  it('renders notes keeping the first breaking notes of the commit and saying how many were left out', async () => {
    const repo = new TempRepo('footers-');
    try {
      repo.commit('chore: start', { 'package.json': packageJson('victim', '1.0.0') });
      repo.tag('v1.0.0');
      const footers = Array.from({ length: 2000 }, (_, index) => `BREAKING CHANGE: removed option number ${index}`).join('\n');
      repo.commit(`feat: many breaking changes\n\n${footers}`, { 'src/a.ts': 'export {};\n' });
      const notes = await runCli(repo.root, ['notes']);
      expect(notes.stderr).toBe('');
      expect(notes.code).toBe(0);
      expect(notes.stdout).toContain('removed option number 0');
      expect(notes.stdout).toMatch(/removed option number 9\n- …and \d+ more breaking notes in this commit/);
      expect(notes.stdout).not.toContain('removed option number 1999');
    } finally {
      repo.remove();
    }
  });
});
