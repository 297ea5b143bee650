// Browser tests of the insats pages on the built demo site: the list shows every insats with the database's values
// (suppressed: a count of 1–4 is "..", a shown value equals the view's), its filters and sorting survive a reload,
// the CSV keeps ".."; a large insats's page and a small one's; Jämför insatser with two insatser; Nytta recomputes
// when an assumption changes and its figures equal a hand computation from the database's counts. No request leaves
// 127.0.0.1 and the console stays clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatNumber } from "../../src/components/format.js";
import { insatsAdresser } from "../../src/data/insats-adress.ts";
import { downloadText, openBrowser, parseSwedishCsv, queryDb, type GuardedPage, type SiteBrowser } from "./site.ts";

const LISTA = "[data-testid=insats-lista]";
let b: SiteBrowser;
const guards: GuardedPage[] = [];
async function open(sitePath: string, options?: Parameters<SiteBrowser["openPage"]>[1]) {
  const g = await b.openPage(sitePath, options);
  guards.push(g);
  return g;
}

/** "1 234" (no-break spaces) → 1234; ".." stays ".."; "–" → null. */
function tal(text: string): number | string | null {
  const t = text.trim();
  if (t === "..") return "..";
  if (t === "–" || t === "") return null;
  return Number(t.replace(/[\s\u00a0]/g, "").replace("\u2212", "-").replace(",", "."));
}
const kr = (v: number) => `${formatNumber(v, 0)}\u00a0kr`;

let adress: Map<string, string>;
let resultat: Record<string, unknown>[];

beforeAll(async () => {
  b = await openBrowser();
  const ids = await queryDb("SELECT insats_id FROM insats ORDER BY 1");
  adress = insatsAdresser(ids.map((r) => r.insats_id as string));
  resultat = await queryDb("SELECT * FROM insats_resultat");
});
afterAll(async () => {
  for (const g of guards) {
    expect(g.outsideRequests, "requests that left 127.0.0.1").toEqual([]);
    expect(g.consoleErrors, "console errors").toEqual([]);
  }
  await b?.close();
});

const exakt = (id: string, period: string, kon: string) => resultat.find((r) => r.insats_id === id && r.period === period && r.kon === kon)!;

/** The list's rows: insats id → {key: cell text}. */
async function listRader(page: GuardedPage["page"]): Promise<Map<string, Record<string, string>>> {
  const rader = await page.$$eval(`${LISTA} tbody tr`, (trs) =>
    trs.map((tr) => [
      (tr as HTMLElement).dataset.testid!,
      Object.fromEntries(Array.from(tr.children).map((c) => [(c as HTMLElement).dataset.key!, (c as HTMLElement).innerText])),
    ]),
  );
  return new Map(rader as [string, Record<string, string>][]);
}

describe("Insatser", () => {
  it("lists every insats with the database's values, counts of 1–4 as ..", async () => {
    const { page } = await open("insatser");
    await page.waitForSelector(`${LISTA} tbody tr`);
    const rader = await listRader(page);
    expect(rader.size).toBe(adress.size);
    let dolda = 0;
    for (const [id, r] of rader) {
      const e = exakt(id, "alla", "T");
      for (const [key, col] of [["startade", "startade"], ["avslutade", "avslutade"], ["pagaende", "pagaende"], ["deltagare", "deltagare_under_perioden"], ["anonyma", "anonyma"]] as const) {
        const visat = tal(r[key]);
        const v = e[col] as number;
        if (visat === "..") dolda++;
        else expect(visat, `${id} ${col}`).toBe(v);
        if (v > 0 && v < 5) expect(visat, `${id} ${col} = ${v} must be hidden`).toBe("..");
      }
      // "n av N"
      const [n, N] = r.utfall.split(" av ").map(tal);
      if (n !== "..") expect(n).toBe(e.till_arbete_eller_studier);
      if (N !== "..") expect(N).toBe(e.avslutade_med_uppgift);
    }
    expect(dolda).toBeGreaterThan(0);
    expect(await page.innerText("[data-testid=ej-effekt]")).toContain("Före/efter vid avslutet – inte en effektskattning");
    expect(await page.innerText("[data-testid=individdata]")).toMatch(/^Individdata finns för 2019–2025/);
  });

  it("filters by förbund, period, målgrupp and kön, keeps them in the address and after a reload", async () => {
    const { page } = await open("insatser");
    await page.waitForSelector(`${LISTA} tbody tr`);
    const selects = page.locator(".insats-kontroller select");
    await selects.nth(0).selectOption({ label: "Samordningsförbundet Blekinge" });
    await selects.nth(1).selectOption({ label: "2023" });
    await page.locator(".insats-kontroller").getByLabel("Kvinnor").check();
    await page.waitForFunction(() => document.querySelector(".table-head h2")?.textContent?.includes("2023, kvinnor"));
    expect(page.url()).toMatch(/forbund=blekinge/);
    expect(page.url()).toMatch(/period=2023/);
    expect(page.url()).toMatch(/kon=K/);
    const fore = await listRader(page);
    const ble2023 = [...new Set(resultat.filter((r) => (r.insats_id as string).startsWith("BLE") && r.period === "2023").map((r) => r.insats_id as string))];
    expect([...fore.keys()].sort()).toEqual(ble2023.sort());
    for (const [id, r] of fore) {
      const v = exakt(id, "2023", "K").startade as number;
      const visat = tal(r.startade);
      if (visat !== "..") expect(visat).toBe(v);
      if (v > 0 && v < 5) expect(visat).toBe("..");
    }
    await page.reload();
    await page.waitForSelector(`${LISTA} tbody tr`);
    expect(await listRader(page)).toEqual(fore);
    expect(await page.locator(".insats-kontroller select").nth(1).evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe("2023");

    // Målgrupp narrows further.
    const malgrupp = (await queryDb("SELECT malgrupp FROM insats WHERE insats_id LIKE 'BLE%' AND malgrupp IS NOT NULL LIMIT 1"))[0].malgrupp as string;
    await page.locator(".insats-kontroller select").nth(2).selectOption({ label: malgrupp });
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=insats-lista] tbody tr").length < n, fore.size);
    const ids = (await queryDb(`SELECT insats_id FROM insats WHERE insats_id LIKE 'BLE%' AND malgrupp = '${malgrupp.replaceAll("'", "''")}'`)).map((r) => r.insats_id);
    for (const id of (await listRader(page)).keys()) expect(ids).toContain(id);
  });

  it("sorts by a column (largest first), keeps the order in the address, and downloads the rows with ..", async () => {
    const { page } = await open("insatser?period=alla");
    await page.waitForSelector(`${LISTA} tbody tr`);
    await page.locator(`${LISTA} thead button[data-key=startade]`).click();
    await page.waitForFunction((s) => document.querySelector(`${s} thead th[aria-sort=descending]`) !== null, LISTA);
    expect(page.url()).toMatch(/sortera=startade&ordning=fallande/);
    const visade = [...(await listRader(page)).values()].map((r) => tal(r.startade)).filter((v): v is number => typeof v === "number");
    expect(visade).toEqual([...visade].sort((x, y) => y - x));

    const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toMatch(/\.csv$/);
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header.slice(0, 2)).toEqual(["Insats-id", "Insats"]);
    expect(rows).toHaveLength(adress.size);
    const i = header.indexOf("Startade");
    let prickar = 0;
    for (const row of rows) {
      const e = exakt(row[0], "alla", "T");
      if (row[i] === "..") prickar++;
      else expect(Number(row[i])).toBe(e.startade);
    }
    expect(prickar).toBeGreaterThan(0);
    for (const row of rows) for (const cell of row.slice(6, 14)) if (/^\d+$/.test(cell)) expect(Number(cell) === 0 || Number(cell) >= 5, cell).toBe(true);
  });
});

describe("an insats's page", () => {
  it("shows a large insats: key figures, coverage, the before → after flow with the database's counts", async () => {
    const [stor] = await queryDb("SELECT insats_id FROM insats_resultat WHERE period = 'alla' AND kon = 'T' ORDER BY deltagare_under_perioden DESC LIMIT 1");
    const id = stor.insats_id as string;
    const { page } = await open(`insats/${adress.get(id)}`);
    await page.waitForSelector("#insats-flode svg.flodesdiagram");
    const e = exakt(id, "alla", "T");
    expect(await page.innerText("[data-testid=kpi-flode]")).toBe(`${formatNumber(e.startade as number)} / ${formatNumber(e.avslutade as number)}`);
    const tackning = await page.innerText("[data-testid=tackning]");
    expect(tackning).toMatch(/^Utfall finns för [\d\s\u00a0.]+ av [\d\s\u00a0.]+ deltagare; [\d\s\u00a0.]+ anonyma\./);
    expect(await page.innerText("#insats-flode figcaption")).toContain("Före/efter vid avslutet – inte en effektskattning");
    expect(await page.innerText("[data-testid=individdata]")).toMatch(/^Individdata finns för \d{4}/);

    // Every drawn flow is a cell of the database's matrix (kön T, whole period), never one of 1–4.
    const drawn = await page.$$eval("#insats-flode path[data-antal]", (ps) => ps.map((p) => [p.getAttribute("data-fore"), p.getAttribute("data-efter"), Number(p.getAttribute("data-antal"))]));
    expect(drawn.length).toBeGreaterThan(0);
    const matris = await queryDb(
      `SELECT o.fore_grupp, o.efter_grupp, o.antal FROM insats_forsorjning_overgang o JOIN insats i USING (insats_id)
       WHERE o.insats_id = '${id}' AND o.forbund_id IS NOT DISTINCT FROM i.forbund_id AND o.period = 'alla' AND o.kon = 'T'`,
    );
    for (const [fore, efter, antal] of drawn) {
      expect(matris.find((m) => m.fore_grupp === fore && m.efter_grupp === efter)?.antal, `${fore} → ${efter}`).toBe(antal);
      expect(antal as number).toBeGreaterThanOrEqual(5);
    }

    // Kön for the flow, in the address.
    await page.locator(".insats-kontroller").getByLabel("Kvinnor").check();
    await page.waitForFunction(() => document.querySelector("#insats-flode figcaption")?.textContent?.includes("kvinnor"));
    expect(page.url()).toMatch(/kon=K/);
  });

  it("shows a small insats with its counts as .., says so, and draws no flow of fewer than 5", async () => {
    const { page } = await open(`insats/${adress.get("RAR113")}`);
    await page.waitForSelector("[data-testid=alla-floden-dolda]");
    await page.waitForFunction(() => document.querySelector("h1")?.textContent?.trim());
    expect(await page.innerText("h1")).toBe("Pilot: Arbetsträning på gården");
    const e = exakt("RAR113", "alla", "T");
    expect(e.deltagare_under_perioden as number).toBeLessThan(15);
    expect(await page.innerText("[data-testid=kpi-deltagare]")).toBe("..");
    expect(await page.innerText("[data-testid=kpi-andel]")).toBe("..");
    expect(await page.locator("#insats-flode path[data-antal]").count()).toBe(0);
    expect(await page.innerText("[data-testid=alla-floden-dolda]")).toMatch(/Alla flöden är dolda/);
    // No number of 1–4 in the tables of counts.
    for (const t of ["flode-tabell", "utfall-tabell"]) {
      const cells = await page.$$eval(`[data-testid=${t}] td`, (tds) => tds.map((td) => (td as HTMLElement).innerText.trim()));
      for (const c of cells) if (/^\d+$/.test(c)) expect(Number(c) === 0 || Number(c) >= 5, `${t}: ${c}`).toBe(true);
    }
  });
});

describe("Jämför insatser", () => {
  it("puts two insatser side by side on the same denominators, with intervals and the caveat", async () => {
    const { page } = await open("jamfor-insatser?insatser=BLE109,UME107");
    await page.waitForSelector("[data-testid=jamfor-tabell]");
    const huvud = await page.$$eval("[data-testid=jamfor-tabell] thead th", (ths) => ths.map((t) => (t as HTMLElement).innerText));
    const namn = await queryDb("SELECT insats_id, insats_namn FROM insats WHERE insats_id IN ('BLE109', 'UME107') ORDER BY insats_id");
    expect(huvud).toEqual(["Mått", namn[0].insats_namn, namn[1].insats_namn]);
    const rad = async (matt: string) =>
      page.$$eval("[data-testid=jamfor-tabell] tbody tr", (trs, m) => {
        const tr = trs.find((t) => (t.firstElementChild as HTMLElement).innerText === m)!;
        return Array.from(tr.children).slice(1).map((c) => (c as HTMLElement).innerText);
      }, matt);
    const startade = await rad("Startade");
    ["BLE109", "UME107"].forEach((id, i) => {
      const v = tal(startade[i]);
      if (v !== "..") expect(v).toBe(exakt(id, "alla", "T").startade);
    });
    const N = await rad("Avslutade med uppgift om sysselsättning (N)");
    ["BLE109", "UME107"].forEach((id, i) => {
      const v = tal(N[i]);
      if (v !== "..") expect(v).toBe(exakt(id, "alla", "T").avslutade_med_uppgift);
    });
    expect(await page.locator("#jamfor-intervall svg[aria-label]").count()).toBe(1);
    expect(await page.innerText("[data-testid=ej-effekt]")).toMatch(/^Före\/efter vid avslutet – inte en effektskattning\. Skillnader mellan insatser/);
    expect(await page.innerText("[data-testid=jamfor-tackning]")).toMatch(/Utfall finns för .* av .* deltagare/);
  });
});

describe("Nytta", () => {
  it("recomputes when an assumption changes, and equals a hand computation from the database's counts", { timeout: 90_000 }, async () => {
    const [stor] = await queryDb("SELECT insats_id, kvalificerade, med_schablon, summa_schablon_kr, utfall_kr::DOUBLE AS utfall_kr FROM insats_nytta WHERE period = 'alla' ORDER BY kvalificerade DESC LIMIT 1");
    const id = stor.insats_id as string;
    const q = stor.kvalificerade as number;
    const summa = stor.summa_schablon_kr as number;
    const kostnad = stor.utfall_kr as number;
    expect(stor.med_schablon).toBe(q); // the demo has a schablon for every kommun and year
    const { page } = await open(`nytta?insats=${id}`);
    await page.waitForSelector("[data-testid=nytta-nytta]");
    const las = async (k: string) => page.innerText(`[data-testid=nytta-${k}]`);
    // Kommun schablons, T = 1.
    expect(await las("antal")).toBe(formatNumber(q));
    expect(await las("nytta")).toBe(kr(summa));
    expect(await las("kostnad")).toBe(kr(kostnad));
    expect(await las("netto")).toBe(kr(summa - kostnad));
    expect(await las("breakeven")).toBe(formatNumber(kostnad / (summa / q), 1));
    expect(await las("kvot")).toBe(formatNumber(summa / kostnad, 2));
    expect(await page.innerText("[data-testid=individdata]")).toMatch(/^Individdata finns för \d{4}/);

    // T = 2 years.
    const ar = page.getByLabel("T, år utan offentlig försörjning");
    await ar.fill("2");
    await ar.dispatchEvent("input");
    await page.waitForFunction((v) => document.querySelector("[data-testid=nytta-nytta]")?.textContent === v, kr(2 * summa));
    expect(await las("breakeven")).toBe(formatNumber(kostnad / ((summa / q) * 2), 1));
    expect(page.url()).toMatch(/ar=2/);

    // One schablon for everyone: 100 000 kr.
    await page.getByLabel("Samma värde för alla").check();
    const s = page.getByLabel("S, kr per helårsekvivalent");
    await s.fill("100000");
    await s.dispatchEvent("input");
    await page.waitForFunction((v) => document.querySelector("[data-testid=nytta-nytta]")?.textContent === v, kr(q * 100_000 * 2));
    expect(await las("netto")).toBe(kr(q * 100_000 * 2 - kostnad));
    expect(await las("breakeven")).toBe(formatNumber(kostnad / (100_000 * 2), 1));
    expect(await las("kvot")).toBe(formatNumber((q * 100_000 * 2) / kostnad, 2));
    expect(page.url()).toMatch(/lage=gemensam/);
    expect(page.url()).toMatch(/schablon=100000/);

    // The address reproduces it.
    await page.reload();
    await page.waitForFunction((v) => document.querySelector("[data-testid=nytta-nytta]")?.textContent === v, kr(q * 100_000 * 2));
    expect(await page.innerText("[data-testid=uppskattning]")).toBe("Uppskattning enligt Uppsalamodellen – inte en effekt");
  });

  it("withholds the nytta of fewer than 5 persons", async () => {
    const { page } = await open("nytta?insats=RAR113");
    await page.waitForSelector("[data-testid=nytta-dold]");
    expect(await page.innerText("[data-testid=nytta-dold]")).toMatch(/färre än 5 deltaganden/);
    expect(await page.locator("[data-testid=nytta-nytta]").count()).toBe(0);
  });
});
