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
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN']
    .map((name) => env[name])
    .filter((value): value is string => Boolean(value));
}
