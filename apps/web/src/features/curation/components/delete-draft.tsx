'use client';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition, type FormEvent } from 'react';
import { deleteDraftBenchmarkAction } from '../actions';
import { FormAlert, inputClass } from './form-kit';

const dangerButtonClass =
  'inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60';
const dangerOutlineClass =
  'inline-flex items-center justify-center rounded-md border border-red-300 bg-white px-3 py-2 text-sm font-medium text-red-800 hover:bg-red-50';

/**
 * Deletes a draft and everything it holds. Two steps: the button opens a confirmation that names
 * what goes, and the curator types the slug before the delete button works.
 */
export function DeleteDraft({ slug, title }: { slug: string; title: string }) {
  const router = useRouter();
  const [isOpen, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await deleteDraftBenchmarkAction(slug, typed);
      if (result.ok) {
        router.push('/curate');
        router.refresh();
      } else setError(result.error.message);
    });
  }

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="rounded-xl border border-red-200 bg-white p-5 shadow-sm"
      data-testid="delete-draft"
    >
      <h2 id={`${id}-heading`} className="font-semibold text-red-900">
        Delete this draft
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Removes the draft with its tracks, test sets, hidden ground truth, uploaded files, phases
        and reported results. It cannot be undone. Published benchmarks cannot be deleted.
      </p>
      {!isOpen ? (
        <button
          type="button"
          className={`${dangerOutlineClass} mt-3`}
          onClick={() => {
            setOpen(true);
            setTimeout(() => inputRef.current?.focus(), 0);
          }}
        >
          Delete draft…
        </button>
      ) : (
        <form onSubmit={onSubmit} className="mt-3 space-y-3">
          <div>
            <label htmlFor={`${id}-confirm`} className="block text-sm font-medium text-slate-700">
              Type <code className="rounded bg-slate-100 px-1">{slug}</code> to delete “{title}”
            </label>
            <input
              ref={inputRef}
              id={`${id}-confirm`}
              name="confirmation"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className={`${inputClass} max-w-sm`}
            />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="submit"
              disabled={isPending || typed.trim() !== slug}
              className={dangerButtonClass}
            >
              {isPending ? 'Deleting…' : 'Delete this draft for good'}
            </button>
            <button
              type="button"
              className="text-sm text-slate-600 underline"
              onClick={() => {
                setOpen(false);
                setTyped('');
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
          <FormAlert message={error} />
        </form>
      )}
    </section>
  );
}
