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
  /** The portal's public origin for links in e-mail: APP_URL, else AUTH_URL; unset means the request's own. */
  get appUrl() {
    const configured = process.env.APP_URL || process.env.AUTH_URL;
    return configured ? new URL(configured).origin : undefined;
  },
  get mailFrom() {
    return process.env.MAIL_FROM || 'Hearth <no-reply@hearth.local>';
  },
  get isProduction() {
    return process.env.NODE_ENV === 'production';
  },
};
