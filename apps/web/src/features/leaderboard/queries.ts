import 'server-only';
import { boards, type BoardQuery, type BoardViewer } from '@medrank/db';
import { db } from '@/server/db';
import { getUser } from '@/server/require-user';

/** Who is looking, for draft visibility (curators and admins see drafts; others get 404). */
export async function currentViewer(request?: Request): Promise<BoardViewer | null> {
  const user = await getUser(request).catch(() => null);
  return user ? { userId: user.id, role: user.role } : null;
}

export const getBoardView = (query: BoardQuery, viewer: BoardViewer | null) =>
  boards.getBoardView(db(), query, viewer);

export const getBoardHistory = (
  query: { slug: string; track?: string; testSet?: string; metric?: string },
  viewer: BoardViewer | null,
) => boards.getBoardHistory(db(), query, viewer);

export const getEntry = (submissionId: string, viewer: BoardViewer | null) =>
  boards.getEntry(db(), submissionId, viewer);

export const getModel = (modelSlug: string, viewer: BoardViewer | null) =>
  boards.getModel(db(), modelSlug, viewer);

export const getBreakdownTable = (query: { testSetId: string; version: number; metric: string }) =>
  boards.getBreakdownTable(db(), query);

export const listCategoryTree = (testSetId: string) => boards.listCategoryTree(db(), testSetId);
