// Form fields of the guided flow are named by their path in the benchmark definition, written
// the way the curation package reports problems (`tracks[0].testSets[1].slug`), so an error finds
// its field by name. A name ending in `[]` collects every value of that name into a list.

type Token = string | number;

function tokens(path: string): Token[] {
  const out: Token[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(match[1]);
  }
  return out;
}

function assign(target: Record<string, unknown>, path: Token[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    node[key] ??= nextIsIndex ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
}

/**
 * Nested object from path-named fields. Empty strings are left out (so optional fields stay
 * absent rather than failing a "min 1" rule); `name[]` fields become lists (possibly empty when a
 * `name[]` marker field with the value "" is present).
 */
export function formToObject(
  form: FormData,
  ignore: readonly string[] = [],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name] of form.entries()) {
    if (seen.has(name) || ignore.includes(name) || name.startsWith('$')) continue;
    seen.add(name);
    if (name.endsWith('[]')) {
      const values = form
        .getAll(name)
        .filter((v): v is string => typeof v === 'string')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      assign(result, tokens(name.slice(0, -2)), values);
      continue;
    }
    const value = form.get(name);
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed === '') continue;
    assign(result, tokens(name), trimmed);
  }
  return result;
}

/**
 * Field errors keyed by input name from issue paths. An issue on a list item
 * (`tracks[0].metrics[2]`) belongs to the list's field (`tracks[0].metrics[]`) when that is the
 * input on the form. Issues no field on the form owns are returned separately.
 */
export function issuesToFieldErrors(
  issues: { column?: string; message: string }[],
  fieldNames: readonly string[],
): { fieldErrors: Record<string, string>; unplaced: string[] } {
  const names = new Set(fieldNames);
  const fieldErrors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const path = issue.column ?? '';
    // The package prefixes messages with their path; next to the field the path is noise.
    const message =
      path && issue.message.startsWith(`${path}: `)
        ? issue.message.slice(path.length + 2)
        : issue.message.replace(/^line \d+: /, '');
    const candidates = [path, `${path}[]`];
    let trimmed = path;
    while (/\[\d+\]$|\.[^.[\]]+$/.test(trimmed)) {
      trimmed = trimmed.replace(/\[\d+\]$|\.[^.[\]]+$/, '');
      candidates.push(trimmed, `${trimmed}[]`);
    }
    const owner = candidates.find((c) => c && names.has(c));
    if (owner) fieldErrors[owner] ??= message;
    else unplaced.push(issue.message);
  }
  return { fieldErrors, unplaced };
}
