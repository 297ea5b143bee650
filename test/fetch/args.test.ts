// The arguments of `npm run fetch`: defaults, flags over environment variables, and a Swedish message for each
// bad value (the command prints it with the usage text and exits with 2, see fetch.test.ts).
import { describe, expect, it } from "vitest";
import { ArgumentError, parseFetchArgs } from "../../loaders/fetch/args.ts";

describe("parseFetchArgs", () => {
  it("has defaults for everything: all sources, today's date, built-in addresses", () => {
    const parsed = parseFetchArgs([], {});
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.options).toMatchObject({ dataDir: "data", kallor: undefined, scbBas: undefined, koladaBas: undefined, fkBas: undefined, kpier: undefined });
    const now = new Date();
    expect(parsed.options.datum).toBe(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`);
  });

  it("takes flags before environment variables, and environment variables before the built-in addresses", () => {
    const env = { SCB_API_BAS: "http://127.0.0.1:1/scb", KOLADA_API_BAS: "http://127.0.0.1:1/kolada" };
    const parsed = parseFetchArgs(["--kolada-bas", "http://127.0.0.1:2/v3", "--kallor", "scb,kolada", "--kpi", "N31001, N00957", "--fran-ar", "2020", "--till-ar", "2024", "--datum", "2026-01-31", "--forsok", "2", "--vantetid-ms", "0", "--anslutning-s", "3"], env);
    if (parsed.help) throw new Error("no help expected");
    expect(parsed.options).toMatchObject({
      scbBas: "http://127.0.0.1:1/scb",
      koladaBas: "http://127.0.0.1:2/v3",
      kallor: ["scb", "kolada"],
      kpier: ["N31001", "N00957"],
      franAr: 2020,
      tillAr: 2024,
      datum: "2026-01-31",
      http: { forsok: 2, vantetidMs: 0, anslutningMs: 3000 },
    });
  });

  it.each([
    [["--kallor", "scb,iaf"], '--kallor: fann "scb,iaf", förväntade en eller flera av scb, kolada, fk, socialstyrelsen.'],
    [["--datum", "2026-13-01"], '--datum: fann "2026-13-01", förväntade ett datum ÅÅÅÅ-MM-DD.'],
    [["--datum", "20261101"], '--datum: fann "20261101", förväntade ett datum ÅÅÅÅ-MM-DD.'],
    [["--scb-bas", "statistikdatabasen.scb.se"], '--scb-bas: fann "statistikdatabasen.scb.se", förväntade en adress som börjar med http:// eller https://.'],
    [["--forsok", "0"], '--forsok: fann "0", förväntade ett heltal som är minst 1.'],
    [["--fran-ar", "1900"], '--fran-ar: fann "1900", förväntade ett heltal som är minst 1968.'],
    [["--fran-ar", "2024", "--till-ar", "2020"], "--till-ar: fann 2020, förväntade ett år som inte ligger före --fran-ar 2024."],
    [["--anslutning-s", "0,5"], '--anslutning-s: fann "0,5", förväntade ett heltal som är minst 1.'],
  ])("refuses %j", (argv, message) => {
    expect(() => parseFetchArgs(argv, {})).toThrow(new ArgumentError(message));
  });

  it("refuses a bad address in an environment variable too", () => {
    expect(() => parseFetchArgs([], { FK_API_BAS: "ftp://example" })).toThrow('FK_API_BAS: fann "ftp://example", förväntade en adress som börjar med http:// eller https://.');
  });
});
