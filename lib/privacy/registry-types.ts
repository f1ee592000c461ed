/**
 * The vocabulary of the personal-data registry (lib/privacy/registry.ts). Kept free of database imports so
 * the catalogue page, the export, the erasure and the tests all read the same plain data.
 */

/** Who the data comes from: the member on purpose (zero), our own observation (first), a partner's first-party data (second), bought or aggregated (third). */
export const DATA_CATEGORIES = ["zero_party", "first_party", "second_party", "third_party"] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Why data is processed (the catalogue's "purpose"); consent purposes (purposes.ts) are the subset a member decides on. */
export const PROCESSING_PURPOSES = [
  "membership",
  "loyalty",
  "marketing",
  "personalization",
  "analytics",
  "security",
  "legal",
  "model_evaluation",
] as const;
export type ProcessingPurpose = (typeof PROCESSING_PURPOSES)[number];

export const DATA_SOURCES = ["member", "pos", "online_shop", "app", "email", "social", "staff", "api", "import", "partner", "derived", "system"] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** What erasure does to a column of a row that is kept. */
export type ColumnErasure =
  /** Not personal on its own (amounts, times, store ids, pseudonymous member ids): left as it is. */
  | { kind: "keep" }
  | { kind: "null" }
  /** A fixed SQL expression, e.g. `'erased'` or `now()`. Written in this file only, never from input. */
  | { kind: "set"; sql: string }
  /** A sender's key that embeds an identifier: replaced by `erased-<random uuid>`, unique and unlinkable. */
  | { kind: "random_key" }
  /** A jsonb object: every key not listed is dropped (unknown keys are treated as personal). */
  | { kind: "keep_keys"; keys: readonly string[] };

export interface ColumnSpec {
  /** Identifies or describes the person directly (name, contact, free text, identifiers). */
  personal: boolean;
  erase: ColumnErasure;
  /** Part of the member's export; false only for staff-side fields (staff ids, addresses). */
  export: boolean;
}

/** How a table's rows belong to a member. */
export type MemberLink =
  /** The members table itself: `id`. */
  | { kind: "self" }
  /** A column holding the member id. */
  | { kind: "column"; column: string }
  /** Through a parent row: `column` references `parent.parentKey`, whose `parentMember` is the member. */
  | { kind: "parent"; column: string; parent: string; parentKey: string; parentMember: string }
  /** Audit entries about the member: entity_type = 'member' and entity_id = the member id. */
  | { kind: "audit_entity" };

export interface TableSpec {
  /** Stable key: i18n (`privacy.tables.<key>`) and the export's file names. */
  key: string;
  /** `table` in the public schema, or `schema.table`. */
  table: string;
  link: MemberLink;
  category: DataCategory;
  purposes: readonly ProcessingPurpose[];
  sources: readonly DataSource[];
  /** Erasure: `delete` removes the member's rows; `keep` keeps them and applies each column's rule. */
  rows: "keep" | "delete";
  /** In the member's export (ordered by `orderBy`), or left out for the reason given. */
  export: { kind: "rows"; orderBy: string } | { kind: "excluded"; reason: ExportExclusion };
  /** A timestamp column whose recent values mean the member is active (retention of inactive members). */
  activity?: string;
  /** Every column of the table, exactly: the registry test compares them with the database. */
  columns: Record<string, ColumnSpec>;
}

/**
 * Why a member-data table is left out of the export (translated in privacy.catalogue.exclusions).
 * `generator_truth`: the demo generator's planted truth, which no product feature reads.
 */
export type ExportExclusion = "generator_truth";

/** Tables that hold no data about a member, each with the reason (the registry test requires one). */
export type OtherTableReason = "configuration" | "catalog" | "staff" | "aggregate" | "system";
