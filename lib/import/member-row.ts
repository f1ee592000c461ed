import { z } from "zod";
import { uiLocale } from "@/db/schema/enums";
import { optionalCell, parseRow, requiredCell, type MappedCells, type RowResult } from "./row-schema";
import { fail, parseCountry, parseDate, parseDateTime, parseEmail, parseOneOf, parseText } from "./values";

/**
 * A member row that passed its own checks. Null means "not given": an upsert keeps the member's current
 * value (an import never blanks a field; see docs/import.md).
 */
export interface StagedMember {
  rowNumber: number;
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  postcode: string | null;
  city: string | null;
  countryCode: string | null;
  locale: (typeof uiLocale.enumValues)[number] | null;
  homeStoreCode: string | null;
  joinedAt: string | null;
  joinedLocal: string | null;
}

const FUTURE_SLACK_MS = 86_400_000;
const EARLIEST_BIRTH = "1900-01-01";
const text = (max: number) => (value: string) => parseText(value, max);

function memberSchema(now: Date) {
  const today = now.toISOString().slice(0, 10);
  return z.object({
    external_id: requiredCell(text(100)),
    email: optionalCell((value) => (value.length > 254 ? fail("too_long", { max: 254 }) : parseEmail(value))),
    first_name: optionalCell(text(100)),
    last_name: optionalCell(text(100)),
    birth_date: optionalCell((value) => {
      const parsed = parseDate(value);
      if (!parsed.ok) return parsed;
      if (value < EARLIEST_BIRTH) return fail("too_early", { min: EARLIEST_BIRTH });
      return value > today ? fail("in_future") : parsed;
    }),
    postcode: optionalCell(text(20)),
    city: optionalCell(text(100)),
    home_store_code: optionalCell(text(100)),
    joined_at: requiredCell((value) => {
      const parsed = parseDateTime(value, { dateOnly: true });
      if (parsed.ok && parsed.value.approxMs > now.getTime() + FUTURE_SLACK_MS) return fail("in_future");
      return parsed;
    }),
    phone: optionalCell(text(40)),
    country: optionalCell(parseCountry),
    locale: optionalCell((value) => parseOneOf(value, uiLocale.enumValues)),
  });
}

/** Reads one mapped members row, or every reason it is bad. */
export function createMemberRowParser(now: Date) {
  const schema = memberSchema(now);
  return (rowNumber: number, cells: MappedCells): RowResult<StagedMember> => {
    const parsed = parseRow(schema, rowNumber, cells);
    if (!parsed.ok) return parsed;
    const row = parsed.value;
    return {
      ok: true,
      value: {
        rowNumber,
        externalId: row.external_id,
        email: row.email,
        phone: row.phone,
        firstName: row.first_name,
        lastName: row.last_name,
        birthDate: row.birth_date,
        postcode: row.postcode,
        city: row.city,
        countryCode: row.country,
        locale: row.locale,
        homeStoreCode: row.home_store_code,
        joinedAt: row.joined_at.instant,
        joinedLocal: row.joined_at.local,
      },
    };
  };
}
