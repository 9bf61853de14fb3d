import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) checks every file, tests included; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // PGlite and eSpeak NG (the companion's voice) ship WebAssembly and data files that must be loaded from node_modules as-is.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'espeak-ng'],
  // Migrations are read from disk at start-up, so they must travel with traced output.
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  async headers() {
    const permissions = (microphone: '()' | '(self)') => `camera=(), microphone=${microphone}, geolocation=(), payment=(), usb=(), interest-cohort=()`;
    const security = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      // 'same-origin', not 'no-referrer': the latter makes browsers send `Origin: null` on form posts, which Next refuses.
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'Permissions-Policy', value: permissions('()') },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ];
    if (process.env.NODE_ENV === 'production') {
      security.push({ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' });
    }
    return [
      { source: '/:path*', headers: security },
      // A shared PDF previews in a frame on Hearth's own page; its content route sets SAMEORIGIN itself. Nothing else is ever framed.
      { source: '/((?!api/files/[^/]+/content).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
      // The two session recorders use the microphone; a later entry for the same key wins, and nothing else may use it.
      { source: '/portal/sessions/:appointmentId/record', headers: [{ key: 'Permissions-Policy', value: permissions('(self)') }] },
      { source: '/practice/clients/:clientId/sessions/:appointmentId/record', headers: [{ key: 'Permissions-Policy', value: permissions('(self)') }] },
    ];
  },
};

export default nextConfig;
