'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '../auth-client';

export function SignOutButton() {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut();
        router.push('/');
        router.refresh();
      }}
      className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50"
    >
      Sign out
    </button>
  );
}
