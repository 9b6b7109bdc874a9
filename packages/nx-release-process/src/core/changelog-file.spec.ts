import { prependChangelogSection } from './changelog-file';
import { CHANGELOG_HEADER } from './render-changelog';

const section = '## [1.4.0] - 2026-11-24\n\n### Added\n- fp8 kernel\n';

describe('prependChangelogSection', () => {
  it('creates the file with the Keep a Changelog header', () => {
    const { text, added } = prependChangelogSection(null, '1.4.0', section);
    expect(added).toBe(true);
    expect(text).toBe(`${CHANGELOG_HEADER}\n${section}`);
  });

  it('puts the new section above older ones and below Unreleased', () => {
    const existing = `${CHANGELOG_HEADER}\n## [Unreleased]\n- wip\n\n## [1.3.0] - 2026-10-15\n\n### Fixed\n- old\n`;
    const { text } = prependChangelogSection(existing, '1.4.0', section);
    expect(text).toBe(`${CHANGELOG_HEADER}\n## [Unreleased]\n- wip\n\n${section}\n## [1.3.0] - 2026-10-15\n\n### Fixed\n- old\n`);
  });

  it('never adds a second section for a version', () => {
    const once = prependChangelogSection(null, '1.4.0', section).text;
    expect(prependChangelogSection(once, '1.4.0', section)).toEqual({ text: once, added: false });
  });

  it('keeps CRLF line ends in a changelog written with them', () => {
    const existing = `${CHANGELOG_HEADER}\n## [1.3.0] - 2026-10-15\n\n### Fixed\n- old\n`.replace(/\n/g, '\r\n');
    const { text, added } = prependChangelogSection(existing, '1.4.0', section);
    expect(added).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('### Added\r\n- fp8 kernel\r\n');
  });

  it('puts the section first in a changelog nx release wrote (no header), with no blank line above it', () => {
    const nxRelease = '## 1.2.0 (2026-11-01)\n\n### 🚀 Features\n\n- a thing\n';
    const { text } = prependChangelogSection(nxRelease, '1.3.0', '## [1.3.0] - 2026-12-05\n\n### Added\n- more\n');
    expect(text).toBe('## [1.3.0] - 2026-12-05\n\n### Added\n- more\n\n## 1.2.0 (2026-11-01)\n\n### 🚀 Features\n\n- a thing\n');
  });
});
