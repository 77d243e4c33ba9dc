'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A sideways-scrolling region with shadows at the edges that have more to show, so columns past
 * the right edge are not a secret. Focusable (`tabIndex=0`, a named region) so keyboard users can
 * scroll it with the arrow keys (axe: scrollable-region-focusable). Without JavaScript it still
 * scrolls; only the shadows are missing.
 */
export function ScrollShadows({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ left: false, right: false });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setEdges((old) => (old.left === left && old.right === right ? old : { left, right }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(element);
    const table = element.firstElementChild;
    if (table) resize.observe(table);
    return () => {
      element.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, []);
  return (
    <div className={`relative ${className}`} data-scrolled-left={edges.left || undefined}>
      <div
        ref={scroller}
        role="region"
        aria-label={label}
        tabIndex={0}
        className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        data-testid="board-scroll-region"
      >
        {children}
      </div>
      <div
        aria-hidden
        data-testid="scroll-shadow-right"
        className={`pointer-events-none absolute inset-y-0 right-0 z-20 w-8 bg-gradient-to-l from-slate-900/15 to-transparent transition-opacity ${edges.right ? 'opacity-100' : 'opacity-0'}`}
      />
    </div>
  );
}
