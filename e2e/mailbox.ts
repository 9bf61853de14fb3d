// Mail as the end-to-end server delivers it without SMTP_URL: one `<timestamp>-<id>.eml` file per
// message in E2E_MAILBOX_DIR (set by playwright.config.ts, used by e2e/server.mjs), headers then
// a blank line and the plain-text body. Delivery is a background job, so readers poll.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

function mailboxDir() {
  const dir = process.env.E2E_MAILBOX_DIR;
  if (!dir) throw new Error('E2E_MAILBOX_DIR is not set: run the suite through playwright.config.ts.');
  return dir;
}

function parse(file: string): Mail {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.indexOf('\n\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const header = (name: string) => head.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1].trim() ?? '';
  return { file, to: header('To'), subject: header('Subject'), text: split === -1 ? '' : raw.slice(split + 2) };
}

/** Every delivered message to this address, oldest first (file names start with the time). */
export function mailTo(address: string): Mail[] {
  let names: string[];
  try {
    names = fs.readdirSync(mailboxDir());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.eml'))
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b))
    .map((name) => parse(path.join(mailboxDir(), name)))
    .filter((mail) => mail.to.toLowerCase() === address.toLowerCase());
}

/**
 * Waits for the newest message to `address` whose link matches `linkPath` (a path prefix such as
 * '/reset-password/') and returns that link. The link must point at the app itself: links in
 * mail are built from the configured address only, never from a request's Host header.
 */
export async function waitForLink(address: string, linkPath: string, options: { timeout?: number } = {}) {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mails = mailTo(address);
        for (const mail of mails.reverse()) {
          const found = mail.text.match(/https?:\/\/[^\s<>"]+/g)?.find((url) => new URL(url).pathname.startsWith(linkPath));
          if (found) return (link = found);
        }
        return undefined;
      },
      { message: `a mail to ${address} with a ${linkPath} link`, timeout: options.timeout ?? 20_000, intervals: [250, 500, 1000] },
    )
    .toBeTruthy();
  const base = new URL(test.info().project.use.baseURL!);
  expect(new URL(link!).origin, 'links in mail start with the configured address').toBe(base.origin);
  return link!;
}
