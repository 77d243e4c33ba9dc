'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef } from 'react';
import { importYamlAction, type YamlImportResult } from '../actions';
import { FormAlert, IssueTable, buttonClass, inputClass, useSubmitKeepingValues } from './form-kit';

/** Paste or upload a benchmark.yaml: a draft is created, or every problem is listed with its line. */
export function YamlImport() {
  const router = useRouter();
  const resultRef = useRef<HTMLDivElement>(null);
  const [state, formAction, isPending] = useActionState<YamlImportResult | null, FormData>(
    importYamlAction,
    null,
  );
  const onSubmit = useSubmitKeepingValues(formAction);
  useEffect(() => {
    if (state?.ok && state.slug) router.push(`/curate/${state.slug}`);
    if (state && !state.ok)
      resultRef.current?.querySelector<HTMLElement>('[role="alert"]')?.focus();
  }, [state, router]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <label htmlFor="yaml-file" className="block text-sm font-medium text-slate-700">
          benchmark.yaml file
        </label>
        <input
          id="yaml-file"
          name="file"
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1`}
        />
      </div>
      <div>
        <label htmlFor="yaml-text" className="block text-sm font-medium text-slate-700">
          …or paste it
        </label>
        <textarea
          id="yaml-text"
          name="yaml"
          rows={14}
          spellCheck={false}
          placeholder={
            'slug: my-benchmark\ntitle: My benchmark\nsummary: …\ntracks:\n  - slug: main\n    …'
          }
          className={`${inputClass} font-mono text-xs`}
        />
      </div>
      <div ref={resultRef} aria-live="polite" className="space-y-3">
        {state && !state.ok && (
          <>
            <FormAlert message={state.message} />
            {state.issues && state.issues.length > 0 && (
              <IssueTable caption="Problems in the definition" issues={state.issues} />
            )}
          </>
        )}
      </div>
      <button type="submit" disabled={isPending} className={buttonClass}>
        {isPending ? 'Importing…' : 'Create draft from YAML'}
      </button>
    </form>
  );
}
