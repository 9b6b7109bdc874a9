import { markdownCell, markdownText, printable, withoutControls } from './printable';

describe('withoutControls', () => {
  it('removes bidirectional overrides and invisible characters as well as terminal controls', () => {
    const trojan = 'fix: check\u202e}gnissim{\u202c admin \u2066rights\u2069 in\u200bvisible\ufeff \u001b[31mred\u001b[0m';
    expect(withoutControls(trojan)).toBe('fix: check}gnissim{ admin rights invisible red');
    expect(printable('token abc12345 \u200d', ['abc12345'])).toBe('token *** ');
  });
});

describe('markdownText', () => {
  it.each([
    ['thanks @octocat and @acme/team', 'thanks `@octocat` and `@acme/team`'],
    ['mail a@b.com stays', 'mail a@b.com stays'],
    ['`@already` in code', '`@already` in code'],
    ['![pixel](https://tracker.test/p.gif)', '!\\[pixel](https://tracker.test/p.gif)'],
    [
      '[click](javascript:alert(1)) and [x]( DATA:text/html,hi)',
      '\\[click](removed-javascript:alert(1)) and \\[x](removed-DATA:text/html,hi)',
    ],
    ['[docs](https://example.test/docs) stays a link', '[docs](https://example.test/docs) stays a link'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ])('%s', (text, inert) => {
    expect(markdownText(text)).toBe(inert);
  });
});

describe('markdownCell', () => {
  it('is markdownText on one line with its pipes escaped: one escaper for every table', () => {
    expect(markdownCell('a | b\n<b>@ops</b>\u202e ![x](y)')).toBe('a \\| b &lt;b&gt;`@ops`&lt;/b&gt; !\\[x](y)');
  });
});
