import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { OpenApiOperation } from "@/lib/api/openapi";
import { SchemaView } from "./schema-view";

const METHOD_TONE = { get: "brand", post: "good", put: "warn", patch: "warn", delete: "bad" } as const;

function Example({ value }: { value: unknown }) {
  return (
    <pre dir="ltr" className="overflow-x-auto rounded-md bg-[var(--surface-muted)] p-3 text-xs">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A curl command for the operation, with its example body. */
function curlOf(method: string, path: string, operation: OpenApiOperation, origin: string): string {
  const example = operation.requestBody?.content["application/json"].example;
  const lines = [`curl -X ${method.toUpperCase()} '${origin}/api/v1${path}'`];
  if (operation.security?.length !== 0) lines.push(`  -H "Authorization: Bearer $LOYALIST_API_KEY"`);
  if (operation.requestBody) {
    lines.push(`  -H 'Content-Type: application/json'`, `  -H "Idempotency-Key: $(uuidgen)"`);
    if (example !== undefined) lines.push(`  -d '${JSON.stringify(example)}'`);
  }
  return lines.join(" \\\n");
}

export function OperationCard({ method, path, operation, origin }: { method: string; path: string; operation: OpenApiOperation; origin: string }) {
  const t = useTranslations("api.docs");
  const body = operation.requestBody?.content["application/json"];
  return (
    <Card id={operation.operationId} data-testid="api-operation" className="scroll-mt-6 space-y-4">
      <header className="space-y-1">
        <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold" dir="ltr">
          <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"}>{method.toUpperCase()}</Badge>
          <code>{path}</code>
        </h3>
        <p className="text-sm font-medium">{operation.summary}</p>
        {operation.description ? <p className="text-sm text-[var(--text-muted)]">{operation.description}</p> : null}
      </header>
      {operation.parameters?.length ? (
        <section>
          <h4 className="mb-2 text-sm font-semibold">{t("parameters")}</h4>
          <ul className="space-y-1 text-sm" dir="ltr">
            {operation.parameters.map((p) => (
              <li key={`${p.in}:${p.name}`}>
                <code className="font-semibold">{p.name}</code> <span className="text-xs text-[var(--text-muted)]">({p.in})</span>{" "}
                {p.required ? <span className="text-xs font-medium text-red-700 dark:text-red-400">{t("required")}</span> : null}
                {p.description ? <span className="block text-xs text-[var(--text-muted)]">{p.description}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {body ? (
        <section>
          <h4 className="mb-2 text-sm font-semibold">{t("requestBody")}</h4>
          <SchemaView schema={body.schema} />
        </section>
      ) : null}
      <section>
        <h4 className="mb-2 text-sm font-semibold">{t("responses")}</h4>
        <ul className="space-y-3">
          {Object.entries(operation.responses).map(([status, response]) => {
            const schema = response.content?.["application/json"]?.schema;
            const isError = Number(status) >= 400;
            return (
              <li key={status} className="text-sm">
                <span className="me-2 font-mono font-semibold">{status}</span>
                <span className="text-[var(--text-muted)]">{response.description}</span>
                {schema && !isError ? (
                  <div className="mt-2">
                    <SchemaView schema={schema} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      <details>
        <summary className="cursor-pointer text-sm font-semibold">{t("example")}</summary>
        <div className="mt-2 space-y-2">
          <pre dir="ltr" className="overflow-x-auto rounded-md bg-[var(--surface-muted)] p-3 text-xs">
            {curlOf(method, path, operation, origin)}
          </pre>
          {Object.values(operation.responses)
            .map((r) => r.content?.["application/json"]?.example)
            .filter((e) => e !== undefined)
            .slice(0, 1)
            .map((e, i) => (
              <Example key={i} value={e} />
            ))}
        </div>
      </details>
    </Card>
  );
}
