import type { Metadata } from 'next';
import Link from 'next/link';
import { listAuditLog, listCuratedBenchmarks } from '@medrank/curation';
import { adminForPage } from '@/features/curation/access';
import {
  GrantCuratorForm,
  RevokeCuratorButton,
  SiteRoleForm,
} from '@/features/curation/components/admin-forms';
import { AuditTable, type AuditRow } from '@/features/curation/components/audit-table';
import { StatusBadge } from '@/features/curation/components/curation-nav';
import { Card } from '@/features/curation/components/form-kit';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Admin' };

const AUDIT_ROWS = 100;

/** Site admins only (404 for everyone else): roles, curators per benchmark, the audit log. */
export default async function AdminPage() {
  const actor = await adminForPage();
  const all = await listCuratedBenchmarks(db(), actor);
  // The audit log is kept per benchmark; the newest rows across them, merged.
  const logs = await Promise.all(
    all.map(async (b) =>
      (await listAuditLog(db(), actor, b.slug, { limit: AUDIT_ROWS })).map((row): AuditRow => ({
        ...row,
        benchmark: b.title,
      })),
    ),
  );
  const audit = logs
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, AUDIT_ROWS);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
        <p className="mt-1 text-sm text-slate-600">
          Site roles, benchmark curators and everything curators did. Jobs and failures of the
          scoring workers are on the{' '}
          {/* A route handler (bull-board), not a Next page: a plain link, no prefetch. */}
          <a href="/admin/queues" className="font-medium text-brand-700 hover:underline">
            queue dashboard
          </a>
          .
        </p>
      </header>
      <Card
        id="roles"
        title="Site roles"
        description="Curators may create benchmarks; site admins may do everything. Accounts must exist (sign-up) first."
      >
        <SiteRoleForm />
      </Card>
      <Card
        id="benchmarks"
        title={`All benchmarks (${all.length})`}
        description="Drafts included. Curators of a benchmark may edit it, upload its ground truth, rescore and moderate."
      >
        <ul className="divide-y divide-slate-100">
          {all.map((b) => (
            <li key={b.slug} className="space-y-2 py-4" data-testid={`admin-benchmark-${b.slug}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/curate/${b.slug}`} className="font-medium hover:text-brand-700">
                  {b.title}
                </Link>
                <StatusBadge status={b.status} />
                <span className="text-xs text-slate-500">{b.slug}</span>
              </div>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-slate-500">Curators:</span>
                {b.curators.length === 0 && <span className="text-slate-500">none</span>}
                {b.curators.map((c) => (
                  <span
                    key={c.userId}
                    className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-2 pr-1 text-xs"
                  >
                    {c.name || c.email} <span className="text-slate-600">({c.email})</span>
                    <RevokeCuratorButton slug={b.slug} email={c.email} />
                  </span>
                ))}
              </div>
              <GrantCuratorForm slug={b.slug} />
            </li>
          ))}
        </ul>
      </Card>
      <Card
        id="audit"
        title="Audit log"
        description={`The newest ${AUDIT_ROWS} actions across benchmarks.`}
      >
        <AuditTable rows={audit} showBenchmark />
      </Card>
    </div>
  );
}
