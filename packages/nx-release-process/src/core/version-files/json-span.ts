/**
 * Where, in a JSON text, the string value at a key path sits (`["version"]`, `["dependencies", "b"]`):
 * the offsets just inside its quotes, or null when that path holds no string. Keys are matched only as
 * members of the objects along the path, so a `"version"` nested in `"engines"`, `"config"` or
 * `"__proto__"` is never taken for the manifest's own. Linear, one pass; the text must be valid JSON.
 */
export function jsonStringSpan(text: string, path: string[]): { start: number; end: number } | null {
  let index = skipSpace(text, 0);
  for (const key of path) {
    if (text[index] !== '{') return null;
    const member = findMember(text, index, key);
    if (member === null) return null;
    index = member;
  }
  if (text[index] !== '"') return null;
  const end = stringEnd(text, index);
  return { start: index + 1, end: end - 1 };
}

/** Replaces the string value at `path`, keeping every other byte; the text unchanged when the path holds none. */
export function replaceJsonString(text: string, path: string[], value: string): string {
  const span = jsonStringSpan(text, path);
  if (!span) return text;
  return `${text.slice(0, span.start)}${JSON.stringify(value).slice(1, -1)}${text.slice(span.end)}`;
}

/**
 * The offset of the value of `key` among the members of the object opening at `open`, or null. The last
 * one when a key repeats: the one `JSON.parse` (and so npm) reads.
 */
function findMember(text: string, open: number, key: string): number | null {
  let found: number | null = null;
  let index = skipSpace(text, open + 1);
  while (index < text.length && text[index] === '"') {
    const keyEnd = stringEnd(text, index);
    const name = JSON.parse(text.slice(index, keyEnd)) as string;
    index = skipSpace(text, keyEnd);
    index = skipSpace(text, index + 1); // the colon
    if (name === key) found = index;
    index = skipSpace(text, valueEnd(text, index));
    if (text[index] === ',') index = skipSpace(text, index + 1);
  }
  return found;
}

/** The offset just past the value starting at `index`. */
function valueEnd(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return stringEnd(text, index);
  if (first !== '{' && first !== '[') {
    let end = index;
    while (end < text.length && !/[\s,}\]]/.test(text[end])) end++;
    return end;
  }
  let depth = 0;
  for (let at = index; at < text.length; at++) {
    const char = text[at];
    if (char === '"') at = stringEnd(text, at) - 1;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return at + 1;
    }
  }
  return text.length;
}

/** The offset just past the string whose opening quote is at `index`. */
function stringEnd(text: string, index: number): number {
  for (let at = index + 1; at < text.length; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === '"') return at + 1;
  }
  return text.length;
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && /\s/.test(text[index])) index++;
  return index;
}
