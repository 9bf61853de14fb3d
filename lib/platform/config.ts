import path from 'node:path';

// Central reading of the environment, so every variable is documented in one place (see README).
export const env = {
  get databaseUrl() {
    return process.env.DATABASE_URL || undefined;
  },
  get dataDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || '.data');
  },
  get databasePoolMax() {
    const n = Number(process.env.DATABASE_POOL_MAX ?? 10);
    return Number.isInteger(n) && n > 0 ? n : 10;
  },
  get smtpUrl() {
    return process.env.SMTP_URL || undefined;
  },
  /** The configured public origin (APP_URL, else AUTH_URL), or undefined. */
  get appUrl() {
    const configured = process.env.APP_URL || process.env.AUTH_URL;
    return configured ? new URL(configured).origin : undefined;
  },
  /**
   * The origin every link in e-mail starts with. It never comes from a request's Host or
   * X-Forwarded-Host header (which a caller chooses). Production must configure it (the server
   * refuses to start without it); elsewhere it defaults to this machine's own address.
   */
  get publicOrigin(): string {
    const configured = this.appUrl;
    if (configured) return configured;
    if (this.isProduction) throw new Error('APP_URL must be set in production: links in e-mail are built from it.');
    return `http://localhost:${process.env.PORT || 3000}`;
  },
  /** Where mail is written as files when no SMTP server is configured. */
  get mailboxDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.env.MAILBOX_DIR || path.join(this.dataDir, 'mailbox'));
  },
  /** False when jobs run in a separate `npm run worker` process (HEARTH_WORKER=off) instead of inside the server. */
  get inProcessWorker() {
    return process.env.HEARTH_WORKER !== 'off';
  },
  get mailFrom() {
    return process.env.MAIL_FROM || 'Hearth <no-reply@hearth.local>';
  },
  /**
   * How many reverse proxies of ours stand in front of the server, each appending the address it
   * was connected from to X-Forwarded-For (see clientIpFrom in lib/platform/http.ts). 0, the
   * default, means none: every forwarded header is then the client's own invention and ignored.
   */
  get trustedProxyHops(): number {
    const raw = process.env.TRUSTED_PROXY_HOPS;
    if (raw === undefined || raw.trim() === '') return 0;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error('TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none).');
    return n;
  },
  get isProduction() {
    return process.env.NODE_ENV === 'production';
  },
};
