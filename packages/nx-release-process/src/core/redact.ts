/**
 * Removes secrets from text before it is printed or stored: the given secret values, and credentials
 * inside URLs (`https://user:token@host`).
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let redacted = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+(?::[^/@\s]*)?@/gi, '$1***@');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) redacted = redacted.split(secret).join('***');
  }
  return redacted;
}

/** The secret values this process may hold, from the environment variables release tools use. */
export function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  const named = ['GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN'];
  named.push('TWINE_PASSWORD', 'UV_PUBLISH_TOKEN', 'UV_PUBLISH_PASSWORD', 'CARGO_REGISTRY_TOKEN');
  // cargo's alternative registries: CARGO_REGISTRIES_<NAME>_TOKEN, one per registry.
  named.push(...Object.keys(env).filter((name) => /^CARGO_REGISTRIES_\w+_TOKEN$/.test(name)));
  return named.map((name) => env[name]).filter((value): value is string => Boolean(value));
}

/**
 * The parts of a URL that are secrets when a service hands it out (a Slack webhook's path, a `?key=`):
 * the whole path, its last segment (where services put the token), every other segment of 8 or more
 * characters with a digit in it or of 16 or more (ids and tokens, not words such as `services`), every query
 * value, the user and password; and the tokens of the headers sent. An answer that echoes them back is
 * masked with these before it is shown.
 */
export function requestSecrets(url: string, headers: Record<string, string> = {}): string[] {
  const secrets = Object.values(headers).map((value) => value.replace(/^(Bearer|Basic|token)\s+/i, ''));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [...secrets, url];
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  if (segments.length > 0) secrets.push(parsed.pathname, segments[segments.length - 1]);
  secrets.push(...segments.filter((segment) => (segment.length >= 8 && /\d/.test(segment)) || segment.length >= 16));
  for (const value of parsed.searchParams.values()) secrets.push(value);
  if (parsed.username) secrets.push(decodeURIComponent(parsed.username));
  if (parsed.password) secrets.push(decodeURIComponent(parsed.password));
  // The longest first: a secret that contains a shorter one is masked whole.
  return secrets.filter(Boolean).sort((a, b) => b.length - a.length);
}
