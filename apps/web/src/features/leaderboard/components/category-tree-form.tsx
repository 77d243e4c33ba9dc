import Link from 'next/link';
import type { CategoryTree } from '../board-types';

/** Where the disclosure rule is explained to visitors. */
export const HIDDEN_DATA_HREF = '/docs/hidden-data';

/**
 * Dimension → group checkboxes as a GET form: the chosen subset is part of the URL, so a subset
 * view can be shared, and it works without JavaScript. Groups are the test set's disclosure
 * groups: a merged group lists the categories it holds, so nobody wonders where "Size" went.
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
            className="min-w-0 rounded-lg border border-slate-200 bg-white p-3"
          >
            <legend className="px-1 text-sm font-semibold capitalize">
              {dimension.dimension.replaceAll('_', ' ')}
            </legend>
            <ul className="space-y-1.5 text-sm">
              {dimension.groups.map((group) => {
                const value = `${dimension.dimension}:${group.label}`;
                const id = `cat-${dimension.dimension}-${group.label}`.replace(
                  /[^a-zA-Z0-9_-]/g,
                  '_',
                );
                const isMerged = group.members.length > 1;
                const membersId = `${id}-members`;
                return (
                  <li key={group.label} className="flex items-start gap-2">
                    <input
                      id={id}
                      type="checkbox"
                      name="cat"
                      value={value}
                      defaultChecked={chosen.has(value)}
                      aria-describedby={isMerged ? membersId : undefined}
                      className="mt-0.5 size-4 shrink-0 accent-brand-600"
                    />
                    <label htmlFor={id} className="min-w-0 break-words text-slate-800">
                      {group.label}{' '}
                      <span className="tabular text-xs text-slate-500">
                        ({group.count.toLocaleString('en-GB')} cases)
                      </span>
                      {isMerged && (
                        <span
                          id={membersId}
                          className="block text-xs text-slate-600"
                          data-testid="merged-group"
                        >
                          grouped:{' '}
                          {group.members
                            .map((m) => `${m.category} (${m.count.toLocaleString('en-GB')})`)
                            .join(', ')}
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

/**
 * Why some categories are shown together, once per panel: the sentence visitors need to trust a
 * merged column rather than suspect a bug.
 */
export function GroupingNote({ tree }: { tree: CategoryTree }) {
  const merged = tree.dimensions.filter((d) => d.groups.some((g) => g.members.length > 1));
  if (merged.length === 0) return null;
  return (
    <p className="max-w-3xl text-sm text-slate-700" data-testid="grouping-note">
      Some categories of{' '}
      {merged.map((d, i) => (
        <span key={d.dimension}>
          {i > 0 && (i === merged.length - 1 ? ' and ' : ', ')}
          <strong className="font-medium">{d.dimension.replaceAll('_', ' ')}</strong>
        </span>
      ))}{' '}
      are grouped so that every cell of the breakdown has at least {tree.minCategorySize} cases —
      this keeps hidden labels hidden; see{' '}
      <Link href={HIDDEN_DATA_HREF} className="font-medium text-brand-700 hover:underline">
        How MedRank protects hidden data
      </Link>
      .
    </p>
  );
}
