"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/use-debounced";
import type { PolicyPreview } from "@/db/queries/churn-policy";

/** The preview as it travels to the browser (JSON: the date as text). */
export type PolicyPreviewData = Omit<PolicyPreview, "asOf"> & { asOf: string };

export const POLICY_PREVIEW_DEBOUNCE_MS = 400;

/**
 * How many members of the latest re-score each rule of the edited policy would catch: POST
 * /api/churn/policy/preview 400 ms after the last edit, while the rules are valid (`rulesText` null
 * otherwise). The page's own preview of the rules it opened with is the first answer; the previous figures
 * stay on screen while the next ones load.
 */
export function usePolicyPreview(rulesText: string | null, initial: { rulesText: string; preview: PolicyPreviewData | null }) {
  const text = useDebounced(rulesText, POLICY_PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["churn", "policy-preview", text],
    enabled: text !== null,
    queryFn: async ({ signal }): Promise<PolicyPreviewData | null> => {
      const response = await fetch("/api/churn/policy/preview", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"rules":${text}}`,
        signal,
      });
      if (!response.ok) throw new Error(`preview: HTTP ${response.status}`);
      return (await response.json()) as PolicyPreviewData | null;
    },
    initialData: text === initial.rulesText ? initial.preview : undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return { ...query, settling: rulesText !== text };
}
