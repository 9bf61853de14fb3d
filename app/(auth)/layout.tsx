export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-start justify-center bg-hearth-50 px-4 py-12 sm:items-center">
      <div className="w-full max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-stone-200 sm:p-8">
        <p className="mb-6 text-xl font-semibold text-hearth-800">Hearth</p>
        {children}
      </div>
    </main>
  );
}
