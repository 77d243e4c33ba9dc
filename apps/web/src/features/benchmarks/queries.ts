import 'server-only';
import { benchmarks } from '@medrank/db';
import { db } from '@/server/db';

export const listCatalog = () => benchmarks.listPublished(db());
export const getBenchmark = (slug: string) => benchmarks.findPublishedBySlug(db(), slug);
