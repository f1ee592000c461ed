import "server-only";
import type { StagedMember } from "@/lib/import/member-row";
import type { RawSession } from "../client";
import { analyze, resolveCodes } from "./imports-stage";

/** The staging table of a members import (rows that passed their own checks); dropped at commit. */
export async function createMemberStage(raw: RawSession): Promise<void> {
  await raw.query(
    `create temp table import_members (
       row_number int not null, external_id text not null, email text, phone text, first_name text, last_name text,
       birth_date date, postcode text, city text, country_code text, locale ui_locale, home_store_code text,
       joined_at timestamptz, joined_local timestamp
     ) on commit drop`,
  );
}

const STAGE_COLUMNS = [
  "row_number", "external_id", "email", "phone", "first_name", "last_name", "birth_date", "postcode", "city",
  "country_code", "locale", "home_store_code", "joined_at", "joined_local",
] as const;

export async function stageMembers(raw: RawSession, rows: readonly StagedMember[]): Promise<void> {
  if (rows.length === 0) return;
  await raw.copyIn(
    "import_members",
    STAGE_COLUMNS,
    rows.map((m) => [
      m.rowNumber, m.externalId, m.email, m.phone, m.firstName, m.lastName, m.birthDate, m.postcode, m.city,
      m.countryCode, m.locale, m.homeStoreCode, m.joinedAt, m.joinedLocal,
    ]),
  );
}

const hasError = (alias: string) => `exists (select 1 from import_errors e where e.import_id = $1 and e.row_number = ${alias}.row_number)`;

/**
 * Set-based checks over the whole file: the home store exists, the member was not erased (an erased
 * member's data must not come back), and an external id appears once (later rows are reported). Leaves
 * import_members_valid, each row with the id of the member it updates (null: a new member).
 */
export async function checkMemberStage(raw: RawSession, params: { importId: string }): Promise<void> {
  await analyze(raw, "import_members");
  await resolveCodes(raw, { table: "stores", into: "import_stores", codes: "select home_store_code as code from import_members" });
  await raw.query(
    `create temp table import_members_resolved on commit drop as
     select s.*, coalesce(s.joined_at, s.joined_local at time zone sales_daily_tz()) as joined,
            st.id as home_store_id, m.id as member_id, m.status as member_status,
            min(s.row_number) over (partition by s.external_id) as first_row
       from import_members s
       left join import_stores st on st.code = s.home_store_code
       left join members m on m.external_id = s.external_id`,
  );
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value, params)
     select $1::uuid, row_number, 'home_store_code', 'unknown_store', home_store_code, '{}'::jsonb
       from import_members_resolved where home_store_code is not null and home_store_id is null
     union all
     select $1::uuid, row_number, 'external_id', 'erased_member', external_id, '{}'::jsonb from import_members_resolved where member_status = 'erased'
     union all
     select $1::uuid, row_number, 'external_id', 'duplicate_member', external_id, jsonb_build_object('row', first_row)
       from import_members_resolved where row_number > first_row`,
    [params.importId],
  );
  await raw.query(`create temp table import_members_valid on commit drop as select r.* from import_members_resolved r where not ${hasError("r")}`, [
    params.importId,
  ]);
  await analyze(raw, "import_members_valid");
}

export async function countValidMembers(raw: RawSession): Promise<number> {
  const [row] = await raw.query<{ n: number }>("select count(*)::int as n from import_members_valid");
  return row?.n ?? 0;
}

/** The columns an import may change; an empty cell (null) keeps the member's current value. */
const UPDATABLE = ["email", "phone", "first_name", "last_name", "birth_date", "postcode", "city", "country_code", "locale", "home_store_id"] as const;

/**
 * Upserts by external id: existing members get the file's non-empty values where they differ (rows that
 * change nothing are counted as duplicates), new members are inserted.
 */
export async function applyMemberStage(raw: RawSession): Promise<{ insertedRows: number; updatedRows: number }> {
  const next = (column: string) => `coalesce(v.${column}, m.${column})`;
  const [updated] = await raw.query<{ n: number }>(
    `with up as (
       update members m
          set ${UPDATABLE.map((c) => `${c} = ${next(c)}`).join(", ")}, joined_at = v.joined, updated_at = now()
         from import_members_valid v
        where m.id = v.member_id
          and (${UPDATABLE.map((c) => `m.${c}`).join(", ")}, m.joined_at)
              is distinct from (${UPDATABLE.map(next).join(", ")}, v.joined)
       returning 1
     )
     select count(*)::int as n from up`,
  );
  const [inserted] = await raw.query<{ n: number }>(
    `with ins as (
       insert into members (external_id, ${UPDATABLE.join(", ")}, joined_at)
       select external_id, ${UPDATABLE.map((c) => (c === "locale" ? "coalesce(locale, 'en')" : c)).join(", ")}, joined
         from import_members_valid where member_id is null
        order by external_id
       on conflict (external_id) do nothing
       returning 1
     )
     select count(*)::int as n from ins`,
  );
  return { insertedRows: inserted?.n ?? 0, updatedRows: updated?.n ?? 0 };
}
