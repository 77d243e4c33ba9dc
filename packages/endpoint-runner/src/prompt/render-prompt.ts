// Prompt templates (docs/endpoint-submissions.md, "Prompt placeholders"): `{column}` is the
// case's manifest column of that name, `{{` and `}}` are literal braces, and every other brace is
// text as written, so a prompt may show JSON without escaping it.
const TOKEN = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The column that holds a question's answer options, rendered as lettered lines. */
export const OPTIONS_COLUMN = 'options';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The columns a template reads, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(TOKEN)) if (match[1] !== undefined) names.add(match[1]);
  return [...names];
}

export type RenderedPrompt = { ok: true; text: string } | { ok: false; problem: string };

/**
 * Splits an options value into its options: a JSON array (`["CT", "MRI"]`, what a JSONL manifest's
 * array becomes), else a list separated by `|` (VQA-RAD's `yes|no`), else by `;`, else one option.
 * Options are trimmed; their order is the letters' order.
 */
export function splitOptions(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed))
        return parsed.map((option) =>
          typeof option === 'string' ? option.trim() : JSON.stringify(option),
        );
    } catch {
      // Not JSON: a list that happens to start with a bracket, read as text below.
    }
  }
  const separator = trimmed.includes('|') ? '|' : trimmed.includes(';') ? ';' : null;
  return separator === null ? [trimmed] : trimmed.split(separator).map((option) => option.trim());
}

/** "A. first\nB. second"; null when there are more options than letters. */
export function letterOptions(options: readonly string[]): string | null {
  if (options.length > LETTERS.length) return null;
  return options.map((option, i) => `${LETTERS[i]}. ${option}`).join('\n');
}

/**
 * Fills a template from a case's columns. A placeholder whose column the case lacks is a problem
 * naming the column (the caller names the case).
 */
export function renderPrompt(
  template: string,
  columns: Readonly<Record<string, string>>,
): RenderedPrompt {
  let problem: string | null = null;
  const text = template.replace(TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return token[0]!;
    if (!Object.hasOwn(columns, name)) {
      problem ??= `the inputs manifest gives no "${name}" for this case, and the prompt uses {${name}}`;
      return '';
    }
    const value = columns[name]!;
    if (name !== OPTIONS_COLUMN) return value;
    const options = splitOptions(value);
    const lettered = letterOptions(options);
    if (lettered === null) {
      problem ??= `"${OPTIONS_COLUMN}" has ${options.length} options; at most ${LETTERS.length} can be lettered A–Z`;
      return '';
    }
    return lettered;
  });
  return problem === null ? { ok: true, text } : { ok: false, problem };
}
