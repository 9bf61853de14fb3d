import NextAuth from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { authConfig, makeSessionCookiesEndWithBrowser } from './options';

const nextAuth = NextAuth(authConfig);
export const { signOut } = nextAuth;

/** Auth.js's sign-in for a hand-off ticket, with a session cookie that ends with the browser; then to `redirectTo`. */
export async function signIn(provider: 'credentials', options: { ticket: string; redirectTo: string }): Promise<never> {
  await nextAuth.signIn(provider, { ticket: options.ticket, redirect: false });
  makeSessionCookiesEndWithBrowser(await cookies());
  redirect(options.redirectTo);
}
