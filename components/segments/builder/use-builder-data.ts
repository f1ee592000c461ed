"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/use-debounced";
import type { BuilderOptions } from "@/db/queries/segments";
import type { SegmentProfile, SegmentSize } from "@/lib/segments/profile";
import type { RuleNode } from "@/lib/segments/rule";

/** A rule the server refused (HTTP 400): each issue is "<place in the rule>: <what is wrong>". */
export class RuleRefused extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join("; "));
  }
}

export interface LiveSize {
  size: SegmentSize;
  profile?: SegmentProfile;
}

/** The builder's pickers' options (stores of the caller, categories, saved segments): GET /api/segments/options. */
export function useBuilderOptions() {
  return useQuery({
    queryKey: ["segments", "options"],
    queryFn: async ({ signal }): Promise<BuilderOptions> => {
      const response = await fetch("/api/segments/options", { signal });
      if (!response.ok) throw new Error(`options: HTTP ${response.status}`);
      return (await response.json()) as BuilderOptions;
    },
    staleTime: 60_000,
  });
}

export const LIVE_SIZE_DEBOUNCE_MS = 300;

/**
 * The live size and profile of the rule being edited, 300 ms after the last change. Each rule is its own
 * query; when the rule changes the stale request loses its observer and TanStack Query aborts it through
 * the AbortSignal given to fetch. The previous figures stay on screen (marked as updating) meanwhile.
 */
export function useLiveSize(rule: RuleNode | null) {
  const latest = rule === null ? null : JSON.stringify(rule);
  const text = useDebounced(latest, LIVE_SIZE_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["segments", "count", text],
    enabled: text !== null,
    queryFn: async ({ signal }): Promise<LiveSize> => {
      const response = await fetch("/api/segments/count", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"rule":${text},"profile":true}`,
        signal,
      });
      type Refusal = { error: { message?: string; fieldErrors?: { rule?: string[] } } };
      const body = (await response.json().catch(() => null)) as Refusal | LiveSize | null;
      if (body && "error" in body) {
        if (response.status === 400) throw new RuleRefused(body.error.fieldErrors?.rule ?? [body.error.message ?? ""]);
        throw new Error(`count: HTTP ${response.status}`);
      }
      if (!response.ok || !body) throw new Error(`count: HTTP ${response.status}`);
      return body;
    },
    placeholderData: keepPreviousData,
    retry: (failures, error) => !(error instanceof RuleRefused) && failures < 2,
    staleTime: 30_000,
  });
  /** The rule changed and its count has not been asked for yet (the debounce is running). */
  const settling = latest !== text;
  return { ...query, settling };
}

/** "all[2].value: must be a number" -> ["all[2].value", "must be a number"]; text without a place -> ["", text]. */
export function splitIssue(issue: string): [string, string] {
  const match = /^((?:all|any|not)(?:\[\d+\]|\.[A-Za-z]+)*(?:\.[A-Za-z]+)?): (.*)$/s.exec(issue);
  return match ? [match[1]!, match[2]!] : ["", issue];
}
