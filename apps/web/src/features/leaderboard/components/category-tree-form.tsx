import type { CategoryTree } from '../board-types';

/**
 * Dimension → category checkboxes as a GET form: the chosen subset is part of the URL, so a
 * subset view can be shared, and it works without JavaScript.
 */
export function CategoryTreeForm({
  tree,
  selected,
  action,
  keep,
}: {
  tree: CategoryTree;
  selected: string[];
  action: string;
  keep: Record<string, string>;
}) {
  const chosen = new Set(selected);
  return (
    <form method="get" action={action} className="space-y-4" data-testid="category-tree">
      {Object.entries(keep)
        .filter(([key]) => key !== 'cat')
        .map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {tree.dimensions.map((dimension) => (
          <fieldset
            key={dimension.dimension}
            className="rounded-lg border border-slate-200 bg-white p-3"
          >
            <legend className="px-1 text-sm font-semibold capitalize">
              {dimension.dimension.replaceAll('_', ' ')}
            </legend>
            <ul className="space-y-1.5 text-sm">
              {dimension.categories.map((c) => {
                const value = `${dimension.dimension}:${c.category}`;
                const id = `cat-${dimension.dimension}-${c.category}`.replace(
                  /[^a-zA-Z0-9_-]/g,
                  '_',
                );
                const reasonId = `${id}-reason`;
                return (
                  <li key={c.category} className="flex items-start gap-2">
                    <input
                      id={id}
                      type="checkbox"
                      name="cat"
                      value={value}
                      defaultChecked={chosen.has(value)}
                      disabled={c.belowMinimum}
                      aria-describedby={c.belowMinimum ? reasonId : undefined}
                      className="mt-0.5 size-4 accent-brand-600 disabled:opacity-50"
                    />
                    <label
                      htmlFor={id}
                      className={c.belowMinimum ? 'text-slate-500' : 'text-slate-800'}
                    >
                      {c.category}{' '}
                      <span className="tabular text-xs text-slate-500">
                        ({c.count.toLocaleString('en-GB')} cases)
                      </span>
                      {c.belowMinimum && (
                        <span id={reasonId} className="block text-xs text-slate-500">
                          fewer than {tree.minCategorySize} cases: too small to show
                        </span>
                      )}
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
      </div>
      <button
        type="submit"
        className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Recompute on this subset
      </button>
    </form>
  );
}
