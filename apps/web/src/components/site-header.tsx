import Link from 'next/link';
import { getUser } from '@/server/require-user';
import { SignOutButton } from '@/features/accounts/components/sign-out-button';
import { curationLinks } from '@/features/curation/access';
import { HeaderMenu } from './header-menu';

const navLink = 'rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900';

export async function SiteHeader() {
  const user = await getUser().catch(() => null);
  const access = user ? await curationLinks() : { curate: false, admin: false };
  const links = (
    <>
      <Link href="/" className={navLink}>
        Benchmarks
      </Link>
      {user ? (
        <>
          {access.curate && (
            <Link href="/curate" className={navLink}>
              Curate
            </Link>
          )}
          {access.admin && (
            <Link href="/admin" className={navLink}>
              Admin
            </Link>
          )}
          <Link href="/account" className={navLink} title={user.email}>
            Account
          </Link>
          <SignOutButton />
        </>
      ) : (
        <>
          <Link href="/sign-in" className={navLink}>
            Sign in
          </Link>
          <Link
            href="/sign-up"
            className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
          >
            Sign up
          </Link>
        </>
      )}
    </>
  );
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 font-semibold tracking-tight text-slate-900"
        >
          <span
            aria-hidden
            className="grid h-7 w-7 place-items-center rounded-md bg-brand-700 text-xs font-bold text-white"
          >
            MR
          </span>
          MedRank
        </Link>
        {/* On a phone the links sit behind a Menu disclosure (HeaderMenu, a <details> that works
            without JavaScript), so none is cut off; from sm up they are shown inline. */}
        <nav aria-label="Main" className="flex min-w-0 items-center whitespace-nowrap text-sm">
          <div className="hidden items-center gap-3 sm:flex">{links}</div>
          <HeaderMenu>{links}</HeaderMenu>
        </nav>
      </div>
    </header>
  );
}
