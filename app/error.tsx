'use client';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-stone-600">We could not load this page. Nothing you saved has been lost.</p>
      <button type="button" onClick={reset} className="mt-6 rounded-lg bg-hearth-700 px-4 py-2 font-semibold text-white">
        Try again
      </button>
    </main>
  );
}
