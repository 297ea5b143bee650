// Personnummer: the check digit, the century, samordningsnummer, kön, masking; and the keyed hash that replaces them.
// Every number here is built by the test from a date, a birth number 98x and its Luhn digit — none is copied from
// anywhere (see luhnSiffra), and the messages only ever show them masked.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { luhnOk, luhnSiffra, maskeraPersonnummer, maskeraPersonnummerIText, parsePersonnummer } from "../../loaders/insatser/personnummer.ts";
import { lasEllerSkapaNyckel, pseudonym } from "../../loaders/insatser/pseudonym.ts";
import { tempDir } from "../helpers.ts";

/** A ten-digit number YYMMDD-NNNC with its right check digit. */
const nr = (yymmdd: string, nnn: string, sep = "-") => `${yymmdd}${sep}${nnn}${luhnSiffra(yymmdd + nnn)}`;
const REF = { ar: 2024, manad: 6, dag: 1 };

describe("check digit (Luhn)", () => {
  it("computes the digit by hand: 8 0 0 1 0 1 9 8 1 × 2 1 2 1 2 1 2 1 2 → 1+6+0+1+0+1+1+8+8+2 = 28 → 10 − 8 = 2", () => {
    expect(luhnSiffra("800101981")).toBe(2);
    expect(luhnOk("8001019812")).toBe(true);
  });

  it("refuses a wrong check digit", () => {
    expect(parsePersonnummer("800101-9813", REF)).toEqual({ fel: "ett personnummer med fel kontrollsiffra" });
  });
});

describe("parsing", () => {
  it("reads the ten-digit form with the most recent century not after the reference date", () => {
    expect(parsePersonnummer(nr("800101", "981"), REF)).toMatchObject({ fodelsear: 1980, kon: "M", normalized: `19${nr("800101", "981", "")}` });
    expect(parsePersonnummer(nr("050101", "982"), REF)).toMatchObject({ fodelsear: 2005, kon: "K" });
    // 2024-06-02 would be after the reference date 2024-06-01, so the person was born in 1924
    expect(parsePersonnummer(nr("240602", "982"), REF)).toMatchObject({ fodelsear: 1924 });
  });

  it("reads + as 100 years or older and the twelve-digit form as written", () => {
    expect(parsePersonnummer(nr("050101", "982", "+"), REF)).toMatchObject({ fodelsear: 1905 });
    expect(parsePersonnummer(`19${nr("500101", "983")}`, REF)).toMatchObject({ fodelsear: 1950, kon: "M" });
    expect(parsePersonnummer(`20${nr("050101", "982", "")}`, REF)).toMatchObject({ fodelsear: 2005 });
  });

  it("gives the ten- and twelve-digit forms of one number the same normalized form (so the same hash)", () => {
    const a = parsePersonnummer(nr("900315", "984"), REF);
    const b = parsePersonnummer(`19${nr("900315", "984", "")}`, REF);
    expect("normalized" in a && "normalized" in b && a.normalized === b.normalized).toBe(true);
  });

  it("accepts samordningsnummer (day + 60)", () => {
    expect(parsePersonnummer(nr("850175", "986"), REF)).toMatchObject({ fodelsear: 1985, samordningsnummer: true, kon: "K" });
  });

  it("reads nine digits as a ten-digit number whose leading zero Excel dropped", () => {
    const ten = nr("050101", "982", "");
    expect(parsePersonnummer(ten.slice(1), REF)).toMatchObject({ fodelsear: 2005, utanNolla: true });
  });

  it("refuses an impossible date even with a right check digit", () => {
    expect(parsePersonnummer(nr("801301", "981"), REF)).toEqual({ fel: "ett personnummer med ett omöjligt födelsedatum" });
    expect(parsePersonnummer(`19${nr("230229", "981", "")}`, REF)).toEqual({ fel: "ett personnummer med ett omöjligt födelsedatum" });
  });

  it("refuses a birth date after the participation started, and text that is no number", () => {
    expect(parsePersonnummer(`20${nr("240801", "981", "")}`, REF)).toEqual({ fel: "ett personnummer vars födelsedatum ligger efter deltagandets startdatum" });
    expect(parsePersonnummer("saknas", REF)).toMatchObject({ fel: expect.stringContaining("inte ett personnummer") });
  });
});

describe("masking", () => {
  it("shows the birth date and hides the rest", () => {
    expect(maskeraPersonnummer("19850101-1234")).toBe("19850101-****");
    expect(maskeraPersonnummer("850101 1234")).toBe("850101-****");
    expect(maskeraPersonnummer("1985010112345")).toBe("19850101*****");
  });

  it("masks every number inside a text", () => {
    expect(maskeraPersonnummerIText("fann 198501011234 och 850101-1234")).toBe("fann 19850101-**** och 850101-****");
  });
});

describe("the keyed hash", () => {
  const saved = process.env.FORSORJNING_NYCKEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.FORSORJNING_NYCKEL;
    else process.env.FORSORJNING_NYCKEL = saved;
  });

  it("creates the key on first use (only readable by its owner) and reads the same key afterwards", () => {
    const dir = tempDir();
    const file = path.join(dir, "nyckel");
    process.env.FORSORJNING_NYCKEL = file;
    const first = lasEllerSkapaNyckel();
    expect(first.skapad).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = lasEllerSkapaNyckel();
    expect(second.skapad).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is HMAC-SHA256 as 32 letters a–p (no digits): same key and number → same id; another key → another id", () => {
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    const n = `19${nr("800101", "981", "")}`;
    expect(pseudonym(k1, n)).toMatch(/^[a-p]{32}$/);
    // The letters are the HMAC's half-bytes: a = 0 … p = 15.
    const hex = crypto.createHmac("sha256", k1).update(n).digest("hex").slice(0, 32);
    expect(pseudonym(k1, n)).toBe([...hex].map((h) => String.fromCharCode(97 + Number.parseInt(h, 16))).join(""));
    expect(pseudonym(k1, n)).toBe(pseudonym(k1, n));
    expect(pseudonym(k2, n)).not.toBe(pseudonym(k1, n));
    expect(pseudonym(k1, n)).not.toContain(n);
  });

  it("refuses a damaged key file with a Swedish message naming it", () => {
    const dir = tempDir();
    const file = path.join(dir, "nyckel");
    fs.writeFileSync(file, "inte en nyckel\n");
    expect(() => lasEllerSkapaNyckel(file)).toThrow(/Nyckelfilen för pseudonymisering, .*nyckel, är skadad/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
