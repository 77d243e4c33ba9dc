'use client';

import type { MouseEvent } from 'react';

/**
 * The benchmark header's "Submit" button: a plain link to the submission section (which takes
 * focus as a fragment target without JavaScript); with it, the section scrolls into view and its
 * first field takes the focus, so a keyboard user lands where typing starts.
 */
export function SubmitJumpLink({ targetId }: { targetId: string }) {
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    const field =
      target.querySelector<HTMLElement>(
        'input:not([type=hidden]), select, textarea, button, a[href]',
      ) ?? target;
    target.scrollIntoView({ block: 'start' });
    field.focus({ preventScroll: true });
    history.replaceState(null, '', `#${targetId}`);
  };
  return (
    <a
      href={`#${targetId}`}
      onClick={jump}
      data-testid="header-submit"
      className="inline-flex items-center rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-600 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none"
    >
      Submit
    </a>
  );
}
