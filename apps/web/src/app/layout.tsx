import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';

export const metadata: Metadata = {
  title: { default: 'MedRank — leaderboards for medical imaging AI', template: '%s · MedRank' },
  description:
    'Open leaderboards for medical imaging AI: hidden test sets, confidence intervals on every number, reproducible scoring.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // The browser's chrome follows the system's scheme, like the page (globals.css).
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#1b4699' },
    { media: '(prefers-color-scheme: dark)', color: '#0f172a' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the Content-Security-Policy's nonce (src/proxy.ts) is new
  // on each response, and Next can only put it on the scripts of a page it renders then.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
            <p>MedRank — every number with its confidence interval; hidden data stays hidden.</p>
            <nav aria-label="Footer" className="flex gap-4">
              <Link href="/" className="hover:text-slate-800">
                Benchmarks
              </Link>
              <a href="/docs/api" className="hover:text-slate-800">
                API
              </a>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
