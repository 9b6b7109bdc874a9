import { ReleaseProcessError } from './release-error';

/** The variable that lets plain `http:` reach hosts other than this machine (an intranet Prometheus, say). */
export const ALLOW_HTTP_VARIABLE = 'RELEASE_PROCESS_ALLOW_HTTP';

/** Names cloud metadata services answer to: credentials live there, so nothing configured may point at them. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', '100.100.100.200', 'fd00:ec2::254']);

/**
 * Why a configured address (a webhook, Prometheus, a forge's API, a package index) may not be fetched, or
 * null when it may: `https:`, or `http:` to this machine (loopback), or `http:` anywhere when allowed.
 * Other schemes (`file:`, `data:`), link-local and cloud metadata addresses are refused always. The reason
 * never repeats the address: a webhook URL is a secret. `URL` has already normalised numeric hosts
 * (`http://2852039166/` is 169.254.169.254), so those cannot slip past.
 */
export function addressProblem(url: string, allowHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `${parsed.protocol} addresses are not fetched (only https:)`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const ipv4 = mappedIpv4(host) ?? host;
  if (METADATA_HOSTS.has(host) || METADATA_HOSTS.has(ipv4)) return 'it is a cloud metadata address';
  if (/^169\.254\./.test(ipv4) || /^fe[89ab][0-9a-f]?:/.test(host)) return 'it is a link-local address';
  if (ipv4 === '0.0.0.0' || host === '::') return 'it is the unspecified address';
  if (parsed.protocol === 'http:' && !allowHttp && !isLoopback(host, ipv4)) {
    return `plain http: leaves this machine unencrypted (use https:, or set ${ALLOW_HTTP_VARIABLE}=1 to allow it)`;
  }
  return null;
}

/** Why the address in `source` is refused, naming where it came from (never the address); null when it is not. */
export function addressRefusal(url: string, source: string, allowHttp: boolean): string | null {
  const problem = addressProblem(url, allowHttp);
  return problem ? `the address in ${source} is refused: ${problem}` : null;
}

/** Refuses an address `addressProblem` finds fault with, as `addressRefusal` words it. */
export function assertAllowedAddress(url: string, source: string, allowHttp: boolean): void {
  const refusal = addressRefusal(url, source, allowHttp);
  if (refusal) throw new ReleaseProcessError(refusal, `Point ${source} at an https: address`);
}

/** Whether the environment given allows plain http: beyond loopback. */
export function allowsHttp(env: Record<string, string | undefined>): boolean {
  return /^(1|true|yes)$/i.test(env[ALLOW_HTTP_VARIABLE] ?? '');
}

function isLoopback(host: string, ipv4: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(ipv4) || host === '::1';
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:169.254.169.254`, which URL writes `::ffff:a9fe:a9fe`). */
function mappedIpv4(host: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
