'use client';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The site header's links behind a "Menu" disclosure on narrow screens. It is a native
 * <details>/<summary>, so it opens without JavaScript, by keyboard (Enter or Space on the
 * summary) and announces its expanded state to screen readers. JavaScript adds what a disclosure
 * cannot do alone: Escape closes it and returns focus to the summary, a click outside closes it,
 * and a client-side navigation closes it. From `sm` up the links are shown inline (SiteHeader
 * renders them a second time outside this menu) and the menu is not displayed.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  // A new page closes the menu (the header stays mounted across client navigations).
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const menu = details.current;
      if (event.key !== 'Escape' || !menu?.open) return;
      menu.open = false;
      menu.querySelector('summary')?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const menu = details.current;
      if (menu?.open && !menu.contains(event.target as Node)) menu.open = false;
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, []);
  return (
    <details ref={details} className="group sm:hidden" data-testid="site-menu">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none [&::-webkit-details-marker]:hidden">
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path className="group-open:hidden" d="M3 5h14v1.5H3zm0 4.25h14v1.5H3zM3 13.5h14V15H3z" />
          <path
            className="hidden group-open:inline"
            d="M5.3 4.3 10 9l4.7-4.7 1 1L11 10l4.7 4.7-1 1L10 11l-4.7 4.7-1-1L9 10 4.3 5.3z"
          />
        </svg>
        Menu
      </summary>
      <div
        id="site-menu"
        className="absolute inset-x-0 top-full z-40 flex flex-col items-start gap-1 border-b border-slate-200 bg-white px-4 py-3 text-sm shadow-md"
      >
        {children}
      </div>
    </details>
  );
}
