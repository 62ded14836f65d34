import { Layout } from '../views/layout.js';
import type { SiteInfo } from '../views/site.js';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  security?: unknown[];
}

export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
};

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

function SchemaBlock({ schema }: { schema: unknown }) {
  return <pre class="api-docs__schema">{JSON.stringify(schema, null, 2)}</pre>;
}

/** A readable page of the OpenAPI document: every operation, its parameters and body schema. */
export function ApiDocsPage({ doc, site }: { doc: OpenApiDocument; site: SiteInfo }) {
  const paths = Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const areas = ['Content API', 'Admin API'] as const;
  return (
    <Layout site={site} title="API documentation" canonicalPath="/api/docs">
      <article class="api-docs">
        <h1>{doc.info.title}</h1>
        <p>{doc.info.description}</p>
        <p>
          Machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1 document</a>.
        </p>
        {areas.map((area) => (
          <section key={area} aria-labelledby={`area-${area.replace(' ', '-')}`}>
            <h2 id={`area-${area.replace(' ', '-')}`}>{area}</h2>
            {paths.flatMap(([path, item]) =>
              Object.entries(item)
                .filter(([method, op]) => METHOD_ORDER.includes(method) && op.tags?.includes(area))
                .sort(([a], [b]) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
                .map(([method, op]) => (
                  <section key={`${method} ${path}`} class="api-docs__operation">
                    <h3>
                      <code>
                        {method.toUpperCase()} {path}
                      </code>
                    </h3>
                    {op.summary && <p>{op.summary}</p>}
                    {(op.parameters ?? []).length > 0 && (
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">Parameter</th>
                            <th scope="col">In</th>
                            <th scope="col">Required</th>
                            <th scope="col">Schema</th>
                          </tr>
                        </thead>
                        <tbody>
                          {(op.parameters ?? []).map((p) => (
                            <tr key={`${p.in}:${p.name}`}>
                              <td>
                                <code>{p.name}</code>
                              </td>
                              <td>{p.in}</td>
                              <td>{p.required ? 'yes' : 'no'}</td>
                              <td>
                                <code>{JSON.stringify(p.schema)}</code>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                    {op.requestBody?.content?.['application/json']?.schema !== undefined && (
                      <details>
                        <summary>Request body (JSON)</summary>
                        <SchemaBlock schema={op.requestBody.content['application/json'].schema} />
                      </details>
                    )}
                  </section>
                )),
            )}
          </section>
        ))}
      </article>
    </Layout>
  );
}
