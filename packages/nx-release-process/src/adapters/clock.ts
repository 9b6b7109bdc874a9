/** Today as YYYY-MM-DD (UTC): the release date written into changelogs, notes and version files. */
export function releaseDate(): string {
  return new Date().toISOString().slice(0, 10);
}
