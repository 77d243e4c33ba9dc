import { CopyButton } from './copy-button';

/** A read-only snippet with a copy button; the text stays selectable without JavaScript. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div>
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        <CopyButton value={value} label={label} />
      </div>
      <textarea
        id={id}
        readOnly
        rows={2}
        value={value}
        className="mt-1 block w-full resize-none rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs text-slate-800"
      />
    </div>
  );
}
