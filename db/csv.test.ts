import { describe, expect, it } from "vitest";
import { encodeCsvRow } from "./csv";

describe("COPY csv encoding", () => {
  it("writes NULL as an empty field and quotes text, doubling inner quotes", () => {
    expect(encodeCsvRow([null, 42, 'say "hi", ok', true])).toBe(',42,"say ""hi"", ok",t\n');
  });

  it("writes dates as ISO 8601 and objects as JSON", () => {
    expect(encodeCsvRow([new Date("2026-01-02T03:04:05.000Z"), { a: 1 }])).toBe('"2026-01-02T03:04:05.000Z","{""a"":1}"\n');
  });

  it("keeps an empty string distinct from NULL", () => {
    expect(encodeCsvRow(["", undefined])).toBe('"",\n');
  });
});
