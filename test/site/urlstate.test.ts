// The view state in the address (src/components/urlstate.js): parsing and writing query strings.
import { describe, expect, it } from "vitest";
import { formatValue, parseValue, readState, writeState } from "../../src/components/urlstate.js";

const SCHEMA = {
  regioner: { type: "list", default: ["riket:00"] },
  period: { type: "string" },
  ersattning: { type: "string", default: "totalt" },
  index: { type: "boolean", default: false },
  basar: { type: "number", default: 2024 },
};

describe("parseValue / formatValue", () => {
  it.each([
    ["kommun:0180,lan:01", "list", null, ["kommun:0180", "lan:01"]],
    ["", "list", ["riket:00"], []],
    [null, "list", ["riket:00"], ["riket:00"]],
    ["2020", "number", 2024, 2020],
    ["abc", "number", 2024, 2024],
    ["", "number", 2024, 2024],
    ["1", "boolean", false, true],
    ["0", "boolean", true, false],
    ["kanske", "boolean", false, false],
    ["2024H1", "string", null, "2024H1"],
  ])("parse %j as %s (fallback %j) → %j", (raw, type, fallback, expected) => {
    expect(parseValue(raw as string | null, type, fallback as never)).toEqual(expected);
  });

  it.each([
    [["kommun:0180", "lan:01"], "list", "kommun:0180,lan:01"],
    [true, "boolean", "1"],
    [2020, "number", "2020"],
    [null, "string", null],
  ])("format %j as %s → %j", (value, type, expected) => {
    expect(formatValue(value, type)).toBe(expected);
  });
});

describe("readState", () => {
  it("reads every key with its default where absent", () => {
    expect(readState("?regioner=kommun:0180,forbund:12&index=1", SCHEMA)).toEqual({
      regioner: ["kommun:0180", "forbund:12"],
      period: null,
      ersattning: "totalt",
      index: true,
      basar: 2024,
    });
  });
});

describe("writeState", () => {
  it("sets values, leaves defaults out and keeps other parameters", () => {
    const href = writeState(
      "http://127.0.0.1:3000/jamfor?x=behall&ersattning=ohalsa",
      { regioner: ["kommun:0180", "lan:01"], period: "2024H1", ersattning: "totalt", index: true, basar: 2024 },
      SCHEMA,
    );
    expect(href).toBe("http://127.0.0.1:3000/jamfor?x=behall&regioner=kommun%3A0180%2Clan%3A01&period=2024H1&index=1");
  });

  it("removes a key set to null", () => {
    expect(writeState("http://127.0.0.1/?period=2024H1&a=1", { period: null }, SCHEMA)).toBe("http://127.0.0.1/?a=1");
  });

  it("round-trips through readState", () => {
    const state = { regioner: ["kommun:0180"], period: "2023H2", ersattning: "ekonomiskt_bistand", index: false, basar: 2015 };
    const href = writeState("http://127.0.0.1/jamfor", state, SCHEMA);
    expect(readState(new URL(href).search, SCHEMA)).toEqual(state);
  });
});
