/** Now, as the reports and journals record moments (ISO 8601, UTC). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today as YYYY-MM-DD (UTC): the release date written into changelogs, notes and version files. */
export function releaseDate(): string {
  return new Date().toISOString().slice(0, 10);
}
