'use client';
import { useEffect, useRef, useState } from 'react';

/** How long the button says "Copied" before it reads "Copy" again. */
const COPIED_NOTICE_MS = 2000;

/**
 * Copies `value` to the clipboard; the button says "Copied" for a moment and a live region tells
 * screen readers. `label` names what is copied ("Copy token"), for people who hear the button
 * out of context. Without the Clipboard API (an insecure origin) it says so instead.
 */
export function CopyButton({
  value,
  label,
  className = 'rounded px-2 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none',
}: {
  value: string;
  label: string;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = () => {
    const settle = (next: 'copied' | 'failed') => {
      setState(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), COPIED_NOTICE_MS);
    };
    if (!navigator.clipboard) return settle('failed');
    navigator.clipboard.writeText(value).then(
      () => settle('copied'),
      () => settle('failed'),
    );
  };
  return (
    <>
      <button type="button" onClick={copy} className={className}>
        {state === 'copied' ? 'Copied' : 'Copy'}
        <span className="sr-only"> {label}</span>
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy: select the text and copy it by hand'
            : ''}
      </span>
    </>
  );
}
