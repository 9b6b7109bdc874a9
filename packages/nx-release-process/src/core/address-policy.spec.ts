import { addressProblem, allowsHttp, assertAllowedAddress } from './address-policy';

describe('addressProblem', () => {
  it.each([
    'https://hooks.example.com/services/T000/B000/XXXX',
    'http://127.0.0.1:9090',
    'http://localhost:9090/api',
    'http://[::1]:8080/',
    'https://10.0.0.5/prometheus',
  ])('lets %s through', (url) => {
    expect(addressProblem(url, false)).toBeNull();
  });

  it.each([
    ['file:///etc/passwd', 'file: addresses are not fetched (only https:)'],
    ['data:text/plain,x', 'data: addresses are not fetched (only https:)'],
    ['http://169.254.169.254/latest/meta-data/', 'it is a link-local address'],
    ['https://169.254.10.1/', 'it is a link-local address'],
    ['http://2852039166/', 'it is a link-local address'],
    ['http://[::ffff:169.254.169.254]/', 'it is a link-local address'],
    ['http://[fe80::1]/', 'it is a link-local address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'it is a cloud metadata address'],
    ['http://[fd00:ec2::254]/', 'it is a cloud metadata address'],
    ['http://0.0.0.0:9090/', 'it is the unspecified address'],
    ['not a url', 'it is not a URL'],
  ])('refuses %s: %s', (url, reason) => {
    expect(addressProblem(url, true)).toBe(reason);
  });

  it('refuses plain http: beyond this machine unless allowed', () => {
    expect(addressProblem('http://prometheus:9090', false)).toBe(
      'plain http: leaves this machine unencrypted (use https:, or set RELEASE_PROCESS_ALLOW_HTTP=1 to allow it)',
    );
    expect(addressProblem('http://prometheus:9090', true)).toBeNull();
  });
});

describe('assertAllowedAddress and allowsHttp', () => {
  it('names where the address came from, never the address', () => {
    expect(() => assertAllowedAddress('http://169.254.169.254/hooks/secret-path', 'SLACK_WEBHOOK_URL', false)).toThrow(
      'the address in SLACK_WEBHOOK_URL is refused: it is a link-local address',
    );
    try {
      assertAllowedAddress('http://169.254.169.254/hooks/secret-path', 'SLACK_WEBHOOK_URL', false);
    } catch (error) {
      expect(String(error)).not.toContain('secret-path');
    }
  });

  it('reads the switch from the environment it is given', () => {
    expect(allowsHttp({ RELEASE_PROCESS_ALLOW_HTTP: '1' })).toBe(true);
    expect(allowsHttp({ RELEASE_PROCESS_ALLOW_HTTP: 'no' })).toBe(false);
    expect(allowsHttp({})).toBe(false);
  });
});
