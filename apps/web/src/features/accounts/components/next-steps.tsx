import Link from 'next/link';

/**
 * What a new account can do now, shown once after sign-up (the account page with `?welcome=1`):
 * the three things people come for, each one link away.
 */
export function NextSteps({ teamName }: { teamName: string | null }) {
  const steps = [
    {
      title: 'Browse the benchmarks',
      text: 'Search the catalog by task, modality or body region and read the boards.',
      href: '/',
      action: 'Open the catalog',
    },
    {
      title: 'Submit predictions',
      text: `Open a benchmark and press “Submit” in its header; you submit for ${teamName ? `your team “${teamName}”` : 'your personal team'}.`,
      href: '/',
      action: 'Pick a benchmark',
    },
    {
      title: 'Get a token for the CLI',
      text: 'Create an API token below and submit from scripts with npx medrank submit.',
      href: '#tokens',
      action: 'Create a token',
    },
  ];
  return (
    <section
      aria-labelledby="next-steps-heading"
      data-testid="next-steps"
      className="rounded-xl border border-brand-100 bg-brand-50 p-5"
    >
      <h2 id="next-steps-heading" className="font-semibold text-brand-900">
        Your account is ready. What next?
      </h2>
      <ol className="mt-3 grid gap-3 sm:grid-cols-3">
        {steps.map((step, index) => (
          <li key={step.title} className="rounded-lg bg-white p-4 text-sm shadow-sm">
            <p className="font-medium text-slate-900">
              {index + 1}. {step.title}
            </p>
            <p className="mt-1 text-slate-600">{step.text}</p>
            <Link
              href={step.href}
              className="mt-2 inline-block font-medium text-brand-700 hover:underline"
            >
              {step.action}
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
