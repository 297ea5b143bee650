// The shared label and number readers every adapter uses (FORMATS.md §6), case by case.
import { describe, expect, it } from "vitest";
import { decodeText, parseNumber, resolveKon, resolveRegion, sniffSeparator } from "../../loaders/sources/common.ts";
import { loadReference } from "../../loaders/reference.ts";

const ref = loadReference();

describe("resolveRegion", () => {
  it.each([
    ["0114", "kommun", "0114"],
    ["0114 Upplands Väsby", "kommun", "0114"],
    ["0114 - Upplands Väsby", "kommun", "0114"],
    ["Upplands Väsby", "kommun", "0114"],
    ["Uppsala", "kommun", "0380"],
    ["Uppsala län", "lan", "03"],
    ["03 Uppsala län", "lan", "03"],
    ["Stockholms", "lan", "01"],
    ["Riket", "riket", "00"],
    ["00 Riket", "riket", "00"],
    ["1917", "kommun", "0331"],
  ])("%s → %s %s", (label, regiontyp, kod) => {
    expect(resolveRegion(label, ref)).toEqual({ regiontyp, kod });
  });

  it("reads Kolada and Socialstyrelsen ids only when asked", () => {
    expect(resolveRegion("0001", ref, { kolada: true })).toEqual({ regiontyp: "lan", kod: "01" });
    expect(resolveRegion("0000", ref, { kolada: true })).toEqual({ regiontyp: "riket", kod: "00" });
    expect(resolveRegion("0", ref, { socialstyrelsen: true })).toEqual({ regiontyp: "riket", kod: "00" });
    expect(resolveRegion("Atlantis", ref)).toBeNull();
    expect(resolveRegion("9999", ref)).toBeNull();
  });
});

describe("numbers, kön, text", () => {
  it.each([
    ["1 234,5", "1234.5"],
    ["1\u00a0234", "1234"],
    ["\u22123,2", "-3.2"],
    ["12.50", "12.5"],
    ["..", null],
    ["-", null],
    ["abc", undefined],
  ])("parseNumber(%j) = %j", (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it("maps kön labels of every publisher", () => {
    expect(["Män", "Kvinnor och män", "1", "2", "T", "1+2", "ALL"].map((l) => resolveKon(l))).toEqual(["M", "T", "M", "K", "T", "T", "T"]);
    expect(resolveKon("3", { socialstyrelsen: true })).toBe("T");
  });

  it("decodes Windows-1252 and strips a UTF-8 BOM; sniffs separators outside quotes", () => {
    expect(decodeText(Buffer.from([0x4d, 0xe4, 0x6e]))).toEqual({ text: "Män", encoding: "windows-1252" });
    expect(decodeText(Buffer.from("\uFEFFå", "utf8"))).toEqual({ text: "å", encoding: "utf-8" });
    // Excel's en dash, euro sign and quotes in Windows-1252 (not C1 control characters)
    expect(decodeText(Buffer.from([0x31, 0x36, 0x96, 0x32, 0x39, 0x20, 0xe5, 0x72, 0x20, 0x80, 0x20, 0x93, 0x94]))).toEqual({ text: "16–29 år € “”", encoding: "windows-1252" });
    expect(sniffSeparator('"a;b",c;d;e')).toBe(";");
    expect(sniffSeparator("a\tb\tc")).toBe("\t");
  });
});
