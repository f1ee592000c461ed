"use client";

import { createContext, useContext } from "react";
import type { BuilderOptions } from "@/db/queries/segments";
import type { DraftKind, DraftNode } from "@/lib/segments/draft";

/** What every node of the tree editor needs: edits, pickers' options, and the messages on each node. */
export interface BuilderTools {
  update: (id: string, change: (node: DraftNode) => DraftNode) => void;
  remove: (id: string) => void;
  add: (groupId: string, what: DraftKind | "group") => void;
  group: (id: string) => void;
  options: BuilderOptions | undefined;
  currency: string;
  /** The segment being edited: it cannot refer to itself. */
  selfId: string | null;
  /** Problems the server named, by node. */
  errors: ReadonlyMap<string, string[]>;
  incomplete: ReadonlySet<string>;
  /** No more conditions may be added (the rule language's limit). */
  full: boolean;
}

export const BuilderContext = createContext<BuilderTools | null>(null);

export function useBuilder(): BuilderTools {
  const tools = useContext(BuilderContext);
  if (!tools) throw new Error("useBuilder outside the segment builder");
  return tools;
}
