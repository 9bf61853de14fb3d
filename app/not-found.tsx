import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-stone-600">This page does not exist, or it is not available to your account.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-hearth-700 underline">
        Go to your home page
      </Link>
    </main>
  );
}
