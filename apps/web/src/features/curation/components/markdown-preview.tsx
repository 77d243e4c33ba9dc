'use client';
import { MarkdownText } from '@/components/markdown';

/** Live preview of curator Markdown in the guided flow (the same renderer as benchmark pages). */
export function MarkdownPreview({ source }: { source: string }) {
  if (!source.trim()) return <p className="text-sm text-slate-500">Nothing to preview yet.</p>;
  return <MarkdownText source={source} />;
}
