import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { teams } from '@medrank/db';
import { env } from '@/env';
import { EntryDetails } from '@/features/leaderboard/components/entry-details';
import { currentViewer, getEntry } from '@/features/leaderboard/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const entry = await getEntry((await params).id, await currentViewer());
  return { title: entry ? `${entry.methodName} · ${entry.benchmark.title}` : 'Entry not found' };
}

/**
 * The public page of a scored, published entry of a visible benchmark: method card, scores with
 * CIs on every test set, rank statistics, breakdowns and an embeddable badge.
 */
export default async function EntryPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const viewer = await currentViewer();
  const entry = await getEntry(id, viewer);
  if (!entry) notFound();
  const isOwner = viewer
    ? viewer.role === 'admin' ||
      (await teams.listForUser(db(), viewer.userId)).some((t) => t.slug === entry.team.slug)
    : false;
  return <EntryDetails entry={entry} appUrl={env().APP_URL} isOwner={isOwner} />;
}
