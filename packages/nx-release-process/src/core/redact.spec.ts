import { environmentSecrets, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides the given secrets and credentials in URLs', () => {
    const text = 'push to https://x-access-token:ghs_abc123@github.com/acme/x.git failed; token ghs_abc123 rejected';
    expect(redactSecrets(text, ['ghs_abc123'])).toBe('push to https://***@github.com/acme/x.git failed; token *** rejected');
  });

  it('reads the tokens release tools use from the environment', () => {
    expect(environmentSecrets({ GITHUB_TOKEN: 'ghp_1', NPM_TOKEN: 'npm_2', HOME: '/root' })).toEqual(['ghp_1', 'npm_2']);
  });
});
