export async function register() {
  // Node.js only: the database is never opened from the edge runtime.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { openDatabaseAtStartup } = await import('./lib/runtime/startup');
    await openDatabaseAtStartup();
  }
}
