import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Hearth', template: '%s · Hearth' },
  description: 'A private portal for you and your therapy practice.',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page renders per request: the CSP nonce (proxy.ts) differs each time, and a prerendered
// page would carry none, so the browser would block its scripts and its forms would stop working.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
