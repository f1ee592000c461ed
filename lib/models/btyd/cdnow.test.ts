import { describe, expect, it } from "vitest";
import {
  CDNOW_CALIBRATION_WEEKS,
  cumulativeRepeatsByWeek,
  mergeSameDayPurchases,
  parseCdnowPurchases,
  parseCdnowSummaryCsv,
  summarizeCdnow,
} from "./cdnow";

// The first customer of CDNOW_sample.txt, a same-day pair for a second one, and a third who starts late.
const SAMPLE = `
 00004 0001 19970101  2   29.33
 00004 0001 19970118  2   29.73
 00004 0001 19970802  1   14.96
 00004 0001 19971212  2   26.48
 00018 0002 19970101  1   11.77
 00018 0002 19970118  1    5.00
 00018 0002 19970118  2   20.00
 00099 0003 19971001  1   10.00
`;

const MASTER = ` customer_id  date number_of_cds  dollar_value
 00001 19970101  1   11.77
 00002 19970112  1   12.00
`;

describe("CDNOW parsing", () => {
  it("reads the sample's five columns (sample id is the customer) and the master's header and four columns", () => {
    const sample = parseCdnowPurchases(SAMPLE);
    expect(sample).toHaveLength(8);
    expect(sample[0]).toEqual({ customerId: "1", day: 0, cds: 2, dollars: 29.33 });
    // 1997-08-02 is day 31+28+31+30+31+30+31+1 = 213
    expect(sample[2]!.day).toBe(213);
    expect(parseCdnowPurchases(MASTER)).toEqual([
      { customerId: "1", day: 0, cds: 1, dollars: 11.77 },
      { customerId: "2", day: 11, cds: 1, dollars: 12 },
    ]);
  });

  it("names the line of a malformed row", () => {
    expect(() => parseCdnowPurchases(" 00004 0001 1997-01-01  2   29.33\n")).toThrow(/line 1/);
    expect(() => parseCdnowPurchases(" 00004 0001 19970101  2   29.33\n 1 2\n")).toThrow(/line 2: expected 4 or 5 fields/);
  });

  it("merges same-day purchases into one transaction with their values added: 5.00 + 20.00 on 18 January", () => {
    const merged = mergeSameDayPurchases(parseCdnowPurchases(SAMPLE));
    expect(merged.get("2")).toEqual([
      { day: 0, dollars: 11.77 },
      { day: 17, dollars: 25 },
    ]);
  });

  it("customer 1: x = 2, t_x = 213/7 = 30.43, T = 272/7 = 38.86, mean repeat spend (29.73 + 14.96)/2; a first purchase after calibration is left out", () => {
    const customers = summarizeCdnow(mergeSameDayPurchases(parseCdnowPurchases(SAMPLE)));
    expect(customers.map((c) => c.customerId)).toEqual(["1", "2"]);
    const [first, second] = customers;
    expect(first).toMatchObject({ x: 2, birthWeek: 0 });
    expect(first!.tx).toBeCloseTo(213 / 7, 12);
    expect(first!.T).toBeCloseTo(CDNOW_CALIBRATION_WEEKS, 12);
    expect(first!.meanRepeatSpend).toBeCloseTo((29.73 + 14.96) / 2, 12);
    expect(second).toMatchObject({ x: 1, meanRepeatSpend: 25 });
  });

  it("counts cumulative repeat transactions by week: days 17 (week 3), 17 (week 3), 213 (week 31), 345 (week 50)", () => {
    const weekly = cumulativeRepeatsByWeek(mergeSameDayPurchases(parseCdnowPurchases(SAMPLE)), 78);
    expect(weekly[1]).toBe(0);
    expect(weekly[2]).toBe(2);
    expect(weekly[30]).toBe(3);
    expect(weekly[49]).toBe(4);
    expect(weekly[77]).toBe(4);
  });

  it("reads the published summary and refuses another header", () => {
    expect(parseCdnowSummaryCsv("ID,frequency,recency,T\n1,2,30.43,38.86\n")).toEqual([{ customerId: "1", x: 2, tx: 30.43, T: 38.86 }]);
    expect(() => parseCdnowSummaryCsv("id,x\n1,2\n")).toThrow(/header/);
  });
});
