import Link from 'next/link';

/** 403 for pages the signed-in user may not use (e.g. curating someone else's benchmark). */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-red-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not yours to curate</h1>
      <p className="mt-2 text-slate-600">
        Only this benchmark&apos;s curators and site admins may open this page. Ask a site admin to
        make you a curator.
      </p>
      <Link
        href="/curate"
        className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Back to Curate
      </Link>
    </div>
  );
}
