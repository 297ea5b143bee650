// Browser tests of the förbund's economy on the built demo site: the page Statens fördelning (/ekonomi) shows the view
// statens_fordelning for the database's settings, recomputes every allocation when B changes (in the address or the
// field) and downloads the database's rows; the förbund page shows the förbund's modelled amount and its change, and
// its calculator splits a typed budget into 1/2, 1/4, 1/4 and the kommuner's quarter by medlemsandel, exact to the
// krona. No request leaves 127.0.0.1 and the console stays clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBelopp, formatKrChange, formatNumber, formatPercent } from "../../src/components/format.js";
import { csvNumber, downloadText, openBrowser, parseSwedishCsv, queryDb, type GuardedPage, type SiteBrowser } from "./site.ts";

const TABLE = "[data-testid=ekonomi-tabell]";
const FORBUND = "rar-i-sodermanland"; // id and address are the same in the built-in list

let b: SiteBrowser;
const guards: GuardedPage[] = [];
async function open(sitePath: string, options?: Parameters<SiteBrowser["openPage"]>[1]) {
  const g = await b.openPage(sitePath, options);
  guards.push(g);
  return g;
}

/** The table's rows as {förbund name: [cell texts]} (tbody only). */
async function tableRows(page: GuardedPage["page"]): Promise<Map<string, string[]>> {
  const rows = await page.$$eval(`${TABLE} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText.trim())));
  return new Map(rows.map((r) => [r[0], r.slice(1)]));
}

interface Modell {
  forbund_id: string;
  namn: string;
  belopp_kr: number | null;
  andel_belopp: number | null;
  andel_befolkning: number | null;
  beraknad_tilldelning_kr: number;
  utan_data: boolean;
  antal_forbund: number;
  grundbelopp_kr: number;
  budget_kr: number;
}
let senasteAr: number;
let modell: Modell[];
let foregaende: Map<string, number>;

beforeAll(async () => {
  b = await openBrowser();
  [{ ar: senasteAr }] = (await queryDb("SELECT max(ar)::INTEGER AS ar FROM statens_fordelning")) as { ar: number }[];
  modell = (await queryDb(
    `SELECT s.forbund_id, f.forbund_namn AS namn, s.belopp_kr::DOUBLE AS belopp_kr, s.andel_belopp, s.andel_befolkning, s.beraknad_tilldelning_kr,
            s.utan_data, s.antal_forbund, s.grundbelopp_kr, s.budget_kr
     FROM statens_fordelning_utokad AS s JOIN forbund AS f USING (forbund_id) WHERE s.ar = ${senasteAr} ORDER BY s.forbund_id`,
  )) as unknown as Modell[];
  foregaende = new Map(
    (await queryDb(`SELECT forbund_id, beraknad_tilldelning_kr FROM statens_fordelning WHERE ar = ${senasteAr - 1}`)).map((r) => [
      String(r.forbund_id),
      Number(r.beraknad_tilldelning_kr),
    ]),
  );
});
afterAll(async () => {
  await b?.close();
});

describe("sidan Statens fördelning", () => {
  it("visar vyn statens_fordelning för databasens inställningar, med förändringen mot föregående dataår", async () => {
    const { page } = await open("ekonomi");
    await page.waitForSelector(`${TABLE} tbody tr`, { timeout: 30_000 });
    expect(await page.locator("h1").first().innerText()).toBe("Statens fördelning");
    expect(await page.innerText("[data-testid=forenklad]")).toBe(
      "Beräknad enligt statens fördelningsmodell (förenklad). Den verkliga modellen har också en spärr mot stora minskningar (högst 10 % per år 2016–2017) och ett tak för eget kapital, som inte räknas här.",
    );
    expect(await page.locator("#ekonomi-staplar svg[aria-label] rect").count()).toBeGreaterThanOrEqual(modell.length);
    const rows = await tableRows(page);
    expect(rows.size).toBe(modell.length);
    expect(modell.length).toBeGreaterThan(50);
    for (const m of modell) {
      const cells = rows.get(m.namn)!;
      expect(cells[0], m.forbund_id).toBe(formatBelopp(m.beraknad_tilldelning_kr));
      const fore = foregaende.get(m.forbund_id);
      const andring = m.beraknad_tilldelning_kr - fore!;
      expect(cells[1], m.forbund_id).toBe(`${formatKrChange(andring, 0)} (${formatPercent((andring / fore!) * 100, 1, { signed: true })})`);
      expect(cells.at(-1)).toBe(m.utan_data ? "Bara grundbeloppet: inga utbetalningar i underlaget" : cells.at(-1));
      if (m.utan_data) expect(m.beraknad_tilldelning_kr).toBe(m.grundbelopp_kr);
    }
    expect(modell.some((m) => m.utan_data)).toBe(true);
    expect(await page.innerText("[data-testid=ekonomi-summa]")).toBe(formatBelopp(modell[0].budget_kr));
    // The name links to the förbund's page.
    expect(await page.locator(`${TABLE} a[href="forbund/${FORBUND}"]`).count()).toBe(1);
  });

  it("räknar om varje förbund när B ändras i adressen, och summan är fortfarande B", async () => {
    const B = 400_000_000;
    const { page } = await open(`ekonomi?budget=${B}`);
    await page.waitForSelector(`${TABLE} tbody tr`, { timeout: 30_000 });
    expect(await page.inputValue("[data-testid=ekonomi-kontroller] input[type=text] >> nth=0")).toBe(formatNumber(B));
    const rows = await tableRows(page);
    for (const m of modell) {
      const G = m.grundbelopp_kr;
      const forvantat = m.utan_data ? G : G + (B - m.antal_forbund * G) * (0.75 * m.andel_belopp! + 0.25 * m.andel_befolkning!);
      expect(rows.get(m.namn)![0], m.forbund_id).toBe(formatBelopp(forvantat));
      if (!m.utan_data) expect(rows.get(m.namn)![0]).not.toBe(formatBelopp(m.beraknad_tilldelning_kr));
    }
    expect(await page.innerText("[data-testid=ekonomi-summa]")).toBe(formatBelopp(B));
    expect(await page.innerText("[data-testid=ekonomi-installning]")).toContain("återställ dem");
  });

  it("skriver ett nytt B och en ny vikt i adressen när användaren ändrar dem", async () => {
    const { page } = await open("ekonomi");
    await page.waitForSelector(`${TABLE} tbody tr`, { timeout: 30_000 });
    await page.locator("[data-testid=ekonomi-kontroller] input[type=text] >> nth=0").fill("350 000 000");
    await page.waitForFunction(() => document.querySelector("[data-testid=ekonomi-summa]")?.textContent === "350\u00a0000\u00a0000\u00a0kr");
    expect(new URL(page.url()).searchParams.get("budget")).toBe("350000000");
    await page.locator("[data-testid=ekonomi-kontroller] input[type=number]").fill("0.5");
    await page.locator("[data-testid=ekonomi-kontroller] input[type=number]").dispatchEvent("input");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("vikt") === "0.5");
    // The address follows the input at once; the text and the table follow on the next render.
    await expect.poll(() => page.innerText("[data-testid=ekonomi-installning]"), { timeout: 30_000 }).toContain("0,50");
    const m = modell.find((x) => !x.utan_data)!;
    const G = m.grundbelopp_kr;
    await expect
      .poll(async () => (await tableRows(page)).get(m.namn)![0], { timeout: 30_000 })
      .toBe(formatBelopp(G + (350_000_000 - m.antal_forbund * G) * (0.5 * m.andel_belopp! + 0.5 * m.andel_befolkning!)));
    // An amount that is not one: a message, no table.
    await page.locator("[data-testid=ekonomi-kontroller] input[type=text] >> nth=0").fill("tre miljoner");
    await page.waitForSelector("[data-testid=ekonomi-fel]");
    await page.waitForFunction((s) => !document.querySelector(s), TABLE, { timeout: 5_000 });
    expect(await page.locator("[data-testid=ekonomi-kpi]").count()).toBe(0);
  });

  it("laddar ned databasens rader som CSV, med inställningarna", async () => {
    const { page } = await open("ekonomi");
    await page.waitForSelector(`${TABLE} tbody tr`, { timeout: 30_000 });
    const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe(`statens-fordelning-${senasteAr}.csv`);
    const [header, ...rows] = parseSwedishCsv(text);
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`kolumnen "${name}" saknas: ${header.join(" | ")}`);
      return i;
    };
    /** A CSV number written in full: the value to within 1e-9 relative, and more than the 2 decimals shown when it has them. */
    const expectFull = (field: string, value: number, id: string) => {
      const n = csvNumber(field)!;
      expect(Math.abs(n - value), `${id}: ${field} mot ${value}`).toBeLessThanOrEqual(1e-9 * Math.abs(value));
      if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6 * Math.max(1, Math.abs(value))) expect(field, id).toMatch(/,\d{3,}$/);
    };
    expect(header).toContain("Förbundets id");
    expect(rows).toHaveLength(modell.length);
    for (const m of modell) {
      const r = rows.find((x) => x[col("Förbundets id")] === m.forbund_id)!;
      expect(r[col("Dataår")]).toBe(String(senasteAr));
      // In full, never rounded to the öre (issue #12): the page computes the model with the view's formula, so the value
      // equals the view's DOUBLE to within floating-point rounding (1e-9 relative is far below an öre at these sums).
      expectFull(r[col("Beräknad tilldelning, kr")], m.beraknad_tilldelning_kr, m.forbund_id);
      const fore = foregaende.get(m.forbund_id);
      if (fore == null) expect(r[col(`Beräknad tilldelning ${senasteAr - 1}, kr`)]).toBe("");
      else expectFull(r[col(`Beräknad tilldelning ${senasteAr - 1}, kr`)], fore, m.forbund_id);
      expect(csvNumber(r[col(`Utbetalt i området ${senasteAr}, kr`)])).toBe(m.belopp_kr);
      expect(csvNumber(r[col("Andel av utbetalt belopp")])).toBe(m.andel_belopp);
      expect(r[col("Utan data (bara grundbeloppet)")]).toBe(m.utan_data ? "ja" : "nej");
      expect(csvNumber(r[col("Statens budget B, kr")])).toBe(m.budget_kr);
      expect(csvNumber(r[col("Grundbelopp G, kr")])).toBe(m.grundbelopp_kr);
      expect(csvNumber(r[col("Vikt för utbetalt belopp")])).toBe(0.75);
    }
  });
});

describe("förbundssidans ekonomi", () => {
  it("visar förbundets beräknade belopp och förändringen mot föregående dataår", async () => {
    const { page } = await open(`forbund/${FORBUND}`);
    await page.waitForSelector("[data-testid=ekonomi-modell-belopp]", { timeout: 30_000 });
    const m = modell.find((x) => x.forbund_id === FORBUND)!;
    const fore = foregaende.get(FORBUND)!;
    expect(await page.innerText("[data-testid=ekonomi-modell] h3")).toBe(`Statens fördelningsmodell, dataår ${senasteAr}`);
    expect(await page.innerText("[data-testid=ekonomi-modell-belopp]")).toBe(formatBelopp(m.beraknad_tilldelning_kr));
    const andring = m.beraknad_tilldelning_kr - fore;
    expect(await page.innerText("[data-testid=ekonomi-modell-andring]")).toBe(
      `${formatKrChange(andring, 0)} (${formatPercent((andring / fore) * 100, 1, { signed: true })}) mot dataår ${senasteAr - 1} (${formatBelopp(fore)})`,
    );
    expect(await page.innerText("[data-testid=ekonomi-modell]")).toContain("Beräknad enligt statens fördelningsmodell (förenklad).");
    // Default budget: twice the modelled amount in whole kronor; the state's half is that amount.
    expect(await page.inputValue("[data-testid=ekonomi-kalkyl-val] input[type=text]")).toBe(formatNumber(2 * Math.round(m.beraknad_tilldelning_kr)));
    expect(await page.innerText("[data-testid=kalkyl-parter] tbody tr:first-child td:last-child")).toBe(formatBelopp(Math.round(m.beraknad_tilldelning_kr)));
  });

  it("delar en inskriven budget exakt: 1/2, 1/4, 1/4 och kommunernas fjärdedel efter medlemsandelen, till kronan", async () => {
    const { page } = await open(`forbund/${FORBUND}`);
    await page.waitForSelector("[data-testid=kalkyl-medlemmar] tbody tr", { timeout: 30_000 });
    await page.locator("[data-testid=ekonomi-kalkyl-val] input[type=text]").fill("4 000 003");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("budget") === "4000003");
    // The address follows the input at once; the table follows on the next render (reading it right away raced it).
    await page.waitForFunction(
      (want) => (document.querySelector("[data-testid=kalkyl-parter] tfoot td:last-child") as HTMLElement | null)?.innerText === want,
      formatBelopp(4_000_003),
      { timeout: 30_000 },
    );
    const parter = await page.$$eval("[data-testid=kalkyl-parter] tbody tr", (trs) => trs.map((tr) => (tr.lastElementChild as HTMLElement).innerText));
    // 4 000 003: 2 000 001,5 / 1 000 000,75 / 1 000 000,75 → 2 000 001, 1 000 001, 1 000 001 (largest remainder).
    expect(parter).toEqual([formatBelopp(2_000_001), formatBelopp(1_000_001), formatBelopp(1_000_001)]);
    expect(await page.innerText("[data-testid=kalkyl-parter] tfoot td:last-child")).toBe(formatBelopp(4_000_003));

    // By hand from medlemsandel (the latest budget year; population keys are whole persons): floor of 1 000 001 ×
    // key / Σ key, the kronor left over to the largest remainders, equal remainders by kommunkod.
    const [{ ar }] = (await queryDb(`SELECT max(ar)::INTEGER AS ar FROM medlemsandel WHERE forbund_id = '${FORBUND}'`)) as { ar: number }[];
    const andelar = await queryDb(
      `SELECT m.kommunkod, k.kommunnamn, m.befolkning, m.andel FROM medlemsandel AS m JOIN kommun AS k USING (kommunkod)
       WHERE m.forbund_id = '${FORBUND}' AND m.ar = ${ar} ORDER BY m.kommunkod`,
    );
    const W = andelar.reduce((s, r) => s + BigInt(r.befolkning as number), 0n);
    const delar = andelar.map((r) => ({ kod: String(r.kommunkod), namn: String(r.kommunnamn), kr: (1_000_001n * BigInt(r.befolkning as number)) / W, rest: (1_000_001n * BigInt(r.befolkning as number)) % W }));
    let kvar = 1_000_001n - delar.reduce((s, d) => s + d.kr, 0n);
    for (const d of [...delar].sort((x, y) => (y.rest > x.rest ? 1 : y.rest < x.rest ? -1 : x.kod < y.kod ? -1 : 1))) {
      if (kvar-- <= 0n) break;
      d.kr += 1n;
    }
    expect(delar.reduce((s, d) => s + d.kr, 0n)).toBe(1_000_001n);
    const rader = await page.$$eval("[data-testid=kalkyl-medlemmar] tbody tr", (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText.trim())));
    expect(rader).toHaveLength(andelar.length);
    for (const d of delar) {
      const rad = rader.find((r) => r[0] === d.namn)!;
      expect(rad[1], d.namn).toBe(formatBelopp(Number(d.kr)));
      expect(rad[2], d.namn).toBe(formatNumber(Number(andelar.find((a) => a.kommunkod === d.kod)!.andel) * 100, 2));
    }
    expect(await page.innerText("[data-testid=kalkyl-summa] td:nth-child(2)")).toBe(formatBelopp(1_000_001));
    expect(await page.innerText("[data-testid=kalkyl-regel]")).toContain(`befolkning 16–64\u00a0år den 31 december ${ar - 1}, medlemmar den 1 januari ${ar}`);
    expect(await page.innerText("[data-testid=kalkyl-regel]")).toContain("största restmetoden");

    // The CSV holds the same amounts and the key.
    const { filename, text } = await downloadText(page, () => page.locator("[data-testid=kalkyl-rubrik]").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe(`${FORBUND}-medlemsandelar-${ar}.csv`);
    const [header, ...csv] = parseSwedishCsv(text);
    expect(csv.map((r) => [r[header.indexOf("Kommunkod")], csvNumber(r[header.indexOf("Belopp, kr")])]).sort()).toEqual(
      delar.map((d) => [d.kod, Number(d.kr)]).sort(),
    );
    expect(new Set(csv.map((r) => r[header.indexOf("Kommunernas fjärdedel, kr")]))).toEqual(new Set(["1000001,00"]));
  });

  it("tar budget och budgetår från adressen, och räknar i ören när budgeten har ören", async () => {
    const [{ ar }] = (await queryDb(`SELECT min(ar)::INTEGER AS ar FROM medlemsandel WHERE forbund_id = '${FORBUND}'`)) as { ar: number }[];
    const { page } = await open(`forbund/${FORBUND}?budget=1000.01&budgetar=${ar}`);
    await page.waitForSelector("[data-testid=kalkyl-medlemmar] tbody tr", { timeout: 30_000 });
    expect(await page.inputValue("[data-testid=ekonomi-kalkyl-val] input[type=text]")).toBe("1\u00a0000,01");
    expect(await page.innerText("[data-testid=kalkyl-medlemmar] caption")).toContain(`31 december ${ar - 1}`);
    const parter = await page.$$eval("[data-testid=kalkyl-parter] tbody tr", (trs) => trs.map((tr) => (tr.lastElementChild as HTMLElement).innerText));
    expect(parter).toEqual(["500,01\u00a0kr", "250,00\u00a0kr", "250,00\u00a0kr"]);
    const belopp = await page.$$eval("[data-testid=kalkyl-medlemmar] tbody tr td:nth-child(2)", (tds) => tds.map((td) => (td as HTMLElement).innerText));
    const ore = belopp.map((t) => Math.round(Number(t.replace(/[\s\u00a0]|kr/g, "").replace(",", ".")) * 100));
    expect(ore.reduce((s, x) => s + x, 0)).toBe(25_000);
  });

  it("säger att ett förbund för delar av en kommun inte har någon nyckel, och visar ändå parterna", async () => {
    const { page } = await open("forbund/goteborg-centrum");
    await page.waitForSelector("[data-testid=kalkyl-ingen-nyckel]", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=ekonomi-modell]")).toContain("bara grundbeloppet");
    expect(await page.inputValue("[data-testid=ekonomi-kalkyl-val] input[type=text]")).toBe(formatNumber(800_000));
    expect(await page.innerText("[data-testid=kalkyl-parter] tfoot td:last-child")).toBe(formatBelopp(800_000));
  });

  it("inga förfrågningar lämnar datorn, inga fel i konsolen", () => {
    expect(guards.length).toBeGreaterThan(5);
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors)).toEqual([]);
  });
});
