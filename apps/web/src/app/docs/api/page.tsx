import type { Metadata } from 'next';
import { buildOpenApiDocument, type OpenApiOperation } from '@/api-contract/build-openapi-document';

export const metadata: Metadata = { title: 'REST API' };

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  post: 'bg-sky-50 text-sky-800 ring-sky-200',
};

/** The OpenAPI document, readable: one section per tag, one card per operation. */
export default function ApiDocsPage() {
  const document = buildOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as OpenApiOperation })),
  );
  return (
    <div className="space-y-8">
      <header className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight">{document.info.title}</h1>
        <p className="mt-2 text-slate-600">{document.info.description}</p>
        <p className="mt-3 text-sm">
          Machine-readable:{' '}
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 hover:underline">
            /api/v1/openapi.json
          </a>{' '}
          (OpenAPI {document.openapi}).
        </p>
      </header>
      <nav aria-label="API sections" className="flex flex-wrap gap-2 text-sm">
        {document.tags.map((tag) => (
          <a
            key={tag.name}
            href={`#tag-${tag.name}`}
            className="rounded-full bg-white px-3 py-1 ring-1 ring-slate-200 hover:bg-slate-50"
          >
            {tag.name}
          </a>
        ))}
      </nav>
      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-4">
          <div>
            <h2 id={`tag-${tag.name}`} className="text-xl font-semibold">
              {tag.name}
            </h2>
            <p className="text-sm text-slate-600">{tag.description}</p>
          </div>
          {operations
            .filter(({ op }) => op.tags.includes(tag.name))
            .map(({ path, method, op }) => (
              <article
                key={`${method} ${path}`}
                id={op.operationId}
                aria-labelledby={`${op.operationId}-title`}
                className="rounded-xl border border-slate-200 bg-white p-5"
              >
                <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2">
                  <span
                    className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ring-1 ${METHOD_STYLE[method] ?? 'bg-slate-100 ring-slate-200'}`}
                  >
                    {method}
                  </span>
                  <code className="text-sm font-semibold break-all">{path}</code>
                  {op.security && (
                    <span className="text-xs text-slate-500">(auth: API token or session)</span>
                  )}
                </h3>
                <p className="mt-2 font-medium text-slate-800">{op.summary}</p>
                {op.description && (
                  <p className="mt-1 text-sm leading-6 text-slate-600">{op.description}</p>
                )}
                {op.parameters && op.parameters.length > 0 && (
                  <div
                    // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
                    role="region"
                    aria-label="Parameters"
                    tabIndex={0}
                    className="mt-3 overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
                  >
                    <table className="w-full text-sm">
                      <caption className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                        Parameters
                      </caption>
                      <thead className="text-xs text-slate-600">
                        <tr className="border-b border-slate-200">
                          <th scope="col" className="py-1.5 pr-3 text-left font-medium">
                            Name
                          </th>
                          <th scope="col" className="py-1.5 pr-3 text-left font-medium">
                            In
                          </th>
                          <th scope="col" className="py-1.5 pr-3 text-left font-medium">
                            Type
                          </th>
                          <th scope="col" className="py-1.5 text-left font-medium">
                            Description
                          </th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {op.parameters.map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <th scope="row" className="py-1.5 pr-3 text-left align-top font-normal">
                              <code>{p.name}</code>
                              {p.required && (
                                <span className="ml-1 text-xs text-red-700">required</span>
                              )}
                            </th>
                            <td className="py-1.5 pr-3 align-top text-slate-600">{p.in}</td>
                            <td className="py-1.5 pr-3 align-top text-slate-600">
                              {Array.isArray(p.schema.enum)
                                ? (p.schema.enum as string[]).join(' | ')
                                : String(p.schema.type ?? '')}
                            </td>
                            <td className="py-1.5 align-top text-slate-700">{p.description}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <dl className="mt-3 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
                  {Object.entries(op.responses).map(([code, response]) => (
                    <div key={code} className="contents">
                      <dt
                        className={`tabular font-semibold ${code.startsWith('2') ? 'text-emerald-700' : 'text-slate-700'}`}
                      >
                        {code}
                      </dt>
                      <dd className="text-slate-600">{response.description}</dd>
                    </div>
                  ))}
                </dl>
              </article>
            ))}
        </section>
      ))}
    </div>
  );
}
