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
  /** Set: encrypted file content is kept in this S3 bucket instead of under `$DATA_DIR/objects`. */
  get s3Bucket() {
    return process.env.S3_BUCKET || undefined;
  },
  /** For S3-compatible services (MinIO, Ceph, s3rver); unset for AWS itself. */
  get s3Endpoint() {
    const configured = process.env.S3_ENDPOINT;
    if (!configured) return undefined;
    const url = new URL(configured);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('S3_ENDPOINT must be an http(s) address.');
    return configured;
  },
  get s3Region() {
    return process.env.S3_REGION || 'us-east-1';
  },
  /** Both keys, or undefined so the SDK's default chain (instance role, AWS_* variables, profile) applies. */
  get s3Credentials() {
    const accessKeyId = process.env.S3_ACCESS_KEY_ID;
    const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY;
    if (!accessKeyId && !secretAccessKey) return undefined;
    if (!accessKeyId || !secretAccessKey) throw new Error('Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.');
    return { accessKeyId, secretAccessKey };
  },
  /** Bucket in the path rather than the host name, which most S3-compatible servers need. */
  get s3ForcePathStyle() {
    const raw = process.env.S3_FORCE_PATH_STYLE;
    if (raw === undefined || raw === '' || raw === 'false') return false;
    if (raw === 'true') return true;
    throw new Error("S3_FORCE_PATH_STYLE must be 'true' or 'false'.");
  },
  /** Folder inside the bucket, normalised to end in one slash ('' for the bucket's root). */
  get s3Prefix() {
    const trimmed = (process.env.S3_PREFIX ?? '').replace(/^\/+|\/+$/g, '');
    return trimmed ? `${trimmed}/` : '';
  },
  /**
   * The clamd daemon that scans uploaded files: a unix socket (CLAMD_SOCKET) or TCP (CLAMD_HOST,
   * CLAMD_PORT, default 3310). Undefined when neither is set; files are then kept as unscanned.
   * A half-made configuration throws rather than silently leaving files unscanned.
   */
  get clamd(): { socket: string } | { host: string; port: number } | undefined {
    const socket = process.env.CLAMD_SOCKET || undefined;
    const host = process.env.CLAMD_HOST || undefined;
    const rawPort = process.env.CLAMD_PORT || undefined;
    if (socket && (host || rawPort)) throw new Error('Set CLAMD_SOCKET or CLAMD_HOST/CLAMD_PORT, not both.');
    if (socket) return { socket };
    if (!host) {
      if (rawPort) throw new Error('CLAMD_PORT is set without CLAMD_HOST.');
      return undefined;
    }
    const port = Number(rawPort ?? 3310);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('CLAMD_PORT must be a TCP port number.');
    return { host, port };
  },
  /** How long a clamd connection may stay silent before the scan counts as failed; undefined: the scanner's default. */
  get clamdTimeoutMs(): number | undefined {
    const raw = process.env.CLAMD_TIMEOUT_MS;
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error('CLAMD_TIMEOUT_MS must be a positive number of milliseconds.');
    return n;
  },
  get isProduction() {
    return process.env.NODE_ENV === 'production';
  },
};
