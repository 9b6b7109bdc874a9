import { markdownText, printable } from './printable';
import { environmentSecrets, redactSecrets, requestSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides the given secrets and credentials in URLs', () => {
    const text = 'push to https://x-access-token:ghs_abc123@github.com/acme/x.git failed; token ghs_abc123 rejected';
    expect(redactSecrets(text, ['ghs_abc123'])).toBe('push to https://***@github.com/acme/x.git failed; token *** rejected');
  });

  it('reads the tokens release tools use from the environment', () => {
    expect(environmentSecrets({ GITHUB_TOKEN: 'ghp_1', NPM_TOKEN: 'npm_2', HOME: '/root' })).toEqual(['ghp_1', 'npm_2']);
    expect(environmentSecrets({ GITLAB_TOKEN: 'glpat_3', CI_JOB_TOKEN: 'glcbt_4', CI_PROJECT_PATH: 'grp/x' })).toEqual([
      'glpat_3',
      'glcbt_4',
    ]);
    expect(
      environmentSecrets({ TWINE_USERNAME: '__token__', TWINE_PASSWORD: 'pypi-5', CARGO_REGISTRIES_LOCAL_TOKEN: 'cio6', CARGO_HOME: '/c' }),
    ).toEqual(['pypi-5', 'cio6']);
  });
});

describe('printable: the one output path', () => {
  it('masks credentials in a progress line and removes every terminal control', () => {
    expect(printable('publish a@1.0.1 to http://user:pass@host/', [])).toBe('publish a@1.0.1 to http://***@host/');
    expect(
      printable('\x1b[31mred\x1b[0m \x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b[2K\rdone\x9b\x00\tsecret-token\n', [
        'secret-token',
      ]),
    ).toBe('red link done\t***\n');
  });

  it('writes commit text into Markdown as text', () => {
    expect(markdownText('<img src=x onerror=alert(1)> \x1b[2Kfix')).toBe('&lt;img src=x onerror=alert(1)&gt; fix');
  });
});

describe('requestSecrets', () => {
  it('takes the secret parts of a handed-out URL and the tokens of its headers', () => {
    const secrets = requestSecrets('https://user:p4ss@hooks.example.test/services/T0ABCDEF/B0GHIJKL/abcdefghijklmnopqrst?key=k3y&x=1', {
      Authorization: 'Bearer tok-123456',
    });
    expect(new Set(secrets)).toEqual(
      new Set([
        '/services/T0ABCDEF/B0GHIJKL/abcdefghijklmnopqrst',
        'tok-123456',
        'T0ABCDEF',
        'B0GHIJKL',
        'abcdefghijklmnopqrst',
        'user',
        'p4ss',
        'k3y',
        '1',
      ]),
    );
    expect(secrets[0]).toBe('/services/T0ABCDEF/B0GHIJKL/abcdefghijklmnopqrst'); // the longest first
    // A token short or plain enough to pass for a word is still the path's last segment.
    expect(requestSecrets('https://discord.example/api/webhooks/1234/discordsecret')).toContain('discordsecret');
    expect(requestSecrets('not a url')).toEqual(['not a url']);
  });
});
