import { useTranslations } from "next-intl";
import type { JsonSchema } from "@/lib/api/openapi";

type Schema = JsonSchema & {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

/** `string (email) | null`, `array`, `"pos" | "online"`: a schema's type in a few words. */
function typeLabel(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map(typeLabel).join(" | ");
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The object or array-of-objects schema a property nests, if any. */
function nested(schema: Schema): Schema | null {
  const inner = schema.anyOf?.find((s) => s.type !== "null") ?? schema;
  if (inner.properties) return inner;
  if (inner.items?.properties) return inner.items;
  return null;
}

function limits(schema: Schema): Array<{ kind: "chars" | "items"; min: number; max: string }> {
  const inner = schema.anyOf?.find((s) => s.type !== "null") ?? schema;
  const out: Array<{ kind: "chars" | "items"; min: number; max: string }> = [];
  if (inner.minLength !== undefined || inner.maxLength !== undefined) out.push({ kind: "chars", min: inner.minLength ?? 0, max: String(inner.maxLength ?? "∞") });
  if (inner.minItems !== undefined || inner.maxItems !== undefined) out.push({ kind: "items", min: inner.minItems ?? 0, max: String(inner.maxItems ?? "∞") });
  return out;
}

/** A JSON Schema object as a nested list of its fields: name, type, required, limits, description. */
export function SchemaView({ schema }: { schema: JsonSchema }) {
  const t = useTranslations("api.docs");
  const s = schema as Schema;
  if (!s.properties) return <code className="text-xs" dir="ltr">{typeLabel(s)}</code>;
  const required = new Set(s.required ?? []);
  return (
    <ul className="space-y-2 border-s border-[var(--border)] ps-3">
      {Object.entries(s.properties).map(([name, property]) => {
        const child = nested(property);
        return (
          <li key={name} className="text-sm">
            <div className="flex flex-wrap items-baseline gap-x-2" dir="ltr">
              <code className="font-semibold">{name}</code>
              <code className="text-xs text-[var(--text-muted)]">{typeLabel(property)}</code>
              {required.has(name) ? <span className="text-xs font-medium text-red-700 dark:text-red-400">{t("required")}</span> : null}
              {limits(property).map((l) => (
                <span key={l.kind} className="text-xs text-[var(--text-muted)]">
                  {t(`limits.${l.kind}`, { min: l.min, max: l.max })}
                </span>
              ))}
            </div>
            {property.description ? <p className="text-xs text-[var(--text-muted)]">{property.description}</p> : null}
            {child ? (
              <div className="mt-1">
                <SchemaView schema={child} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
