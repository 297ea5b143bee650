// Statens fördelningsmodell in the browser (src/components/fordelning.js) against the view statens_fordelning, on a
// small database ingested here, read through the site's loader (src/data/ekonomi.zip.ts) as the page reads it.
//
// Three förbund: A = 0114 (member all along) + 0115 (joins 2023-07-01), B = 0117 + 0120 (0120 has no payouts),
// C = 0125 (no payouts at all). Sjukpenning, kön T: 2023 as yearly rows, 2024 as monthly rows (so the data has
// half-years too). Population 16–64 on 31 December (aged 40):
//          2022   2023   2024
//   0114    900   1000   1100
//   0115    800   1000   1000
//   0117   2000   3000   3000
//   0120    400    500    600
//   0125    300    300    300
// Payouts: 2023 0114 300 000, 0115 100 000, 0117 400 000; 2024 (12 months) 0114 360 000, 0115 120 000, 0117 420 000.
// Data year 2023 (members on 1 January 2023): A = 0114 → 300 000 kr, 1000; B = 0117 + 0120 → 400 000 kr (1 of 2
// members with payouts), 3500; C → no payouts: G alone. Σbelopp = 700 000, Σbefolkning (with data) = 4500, n = 3.
// Stored settings B = 1 000 000, G = 100 000, 0.75 / 0.25:
//   A = 100 000 + 700 000 × (0.75 · 3/7 + 0.25 · 1000/4500) = 363 888.888…
// Own settings B = 2 000 000, G = 200 000, 0.5 / 0.5 → B − n·G = 1 400 000:
//   A = 200 000 + 1 400 000 × (0.5 · 3/7 + 0.5 · 1000/4500) = 655 555.555…
//   B = 200 000 + 1 400 000 × (0.5 · 4/7 + 0.5 · 3500/4500) = 1 144 444.444…,  C = 200 000;  Σ = 2 000 000.
// Own key (medlemsnyckel.csv): A, budget year 2025, 0114 2 and 0115 1.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { beraknaFordelning, forbundAr, fordelningMedForandring, viktBefolkningAv } from "../../src/components/fordelning.js";
import { medlemsandelKalkyl } from "../../src/components/medlemsandel.js";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

let dir: string;
let db: string;
let fordelning: {
  installning: { budget_kr: number; grundbelopp_kr: number; vikt_belopp: number; vikt_befolkning: number };
  ar: number[];
  forbund: { id: string; namn: string; adress: string }[];
  rader: Record<string, (number | null)[][]>;
  omfattning: Record<string, string[]>;
};
let perForbund: Record<string, Row & { fordelning: Row[]; medlemsandel: { ar: number; nyckeltyp: string; medlemmar: Row[] }[]; nyckelfiler: string[] }>;

function pop(kod: string, ar: string, n: number): string[] {
  return [`${kod},${ar}-12-31,40,K,${n / 2}`, `${kod},${ar}-12-31,40,M,${n / 2}`];
}
function months(kod: string, ar: string, perManad: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${kod},${ar}-${String(i + 1).padStart(2, "0")},sjukpenning,T,${perManad}.00`);
}
const stored = () => ({
  budgetKr: fordelning.installning.budget_kr,
  grundbeloppKr: fordelning.installning.grundbelopp_kr,
  viktBelopp: fordelning.installning.vikt_belopp,
  viktBefolkning: fordelning.installning.vikt_befolkning,
});

beforeAll(async () => {
  dir = tempDir();
  const data = path.join(dir, "data");
  writeFiles(data, {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...pop("0114", "2022", 900), ...pop("0114", "2023", 1000), ...pop("0114", "2024", 1100),
      ...pop("0115", "2022", 800), ...pop("0115", "2023", 1000), ...pop("0115", "2024", 1000),
      ...pop("0117", "2022", 2000), ...pop("0117", "2023", 3000), ...pop("0117", "2024", 3000),
      ...pop("0120", "2022", 400), ...pop("0120", "2023", 500), ...pop("0120", "2024", 600),
      ...pop("0125", "2022", 300), ...pop("0125", "2023", 300), ...pop("0125", "2024", 300),
    ],
    "utbetalningar.csv": [
      "kommunkod,period,ersattning,kon,belopp_kr",
      "0114,2023,sjukpenning,T,300000.00",
      "0115,2023,sjukpenning,T,100000.00",
      "0117,2023,sjukpenning,T,400000.00",
      ...months("0114", "2024", 30000),
      ...months("0115", "2024", 10000),
      ...months("0117", "2024", 35000),
    ],
    "forbund.csv": [
      "forbund_id,forbund_namn,kommunkod,fran,till",
      "A,Förbund A,0114,,",
      "A,Förbund A,0115,2023-07-01,",
      "B,Förbund B,0117,,",
      "B,Förbund B,0120,,",
      "C,Förbund C,0125,,",
    ],
    "medlemsnyckel.csv": ["forbund_id,ar,kommunkod,varde", "A,2025,0114,2", "A,2025,0115,1"],
  });
  db = path.join(dir, "ekonomi.duckdb");
  await ingest({ dataDir: data, dbPath: db, ekonomi: { budgetKr: 1_000_000, grundbeloppKr: 100_000 } });
  const r = spawnSync(TSX, [path.join(PROJECT_ROOT, "src/data/ekonomi.zip.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FORSORJNING_DB: db },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ekonomi.zip.ts: ${r.stderr}`);
  const files = unzipSync(new Uint8Array(r.stdout));
  fordelning = JSON.parse(strFromU8(files["fordelning.json"]));
  perForbund = Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => name.startsWith("forbund/"))
      .map(([name, bytes]) => [name.slice("forbund/".length, -".json".length), JSON.parse(strFromU8(bytes))]),
  );
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the view with a filter on the year", () => {
  it("answers WHERE ar = … although the data has half-years (the cast must not meet '2024H1')", async () => {
    const r = await query(db, "SELECT forbund_id FROM statens_fordelning WHERE ar = 2024 ORDER BY forbund_id");
    expect(r.map((x) => x.forbund_id)).toEqual(["A", "B", "C"]);
    const m = await query(db, "SELECT count(*)::INTEGER AS n FROM statens_fordelning_utokad WHERE ar = 2023 AND forbund_id = 'A'");
    expect(m[0].n).toBe(1);
  });
});

describe("fordelning.json and the browser's model", () => {
  it("ships the stored settings, every data year and the inputs per förbund", () => {
    expect(fordelning.installning).toEqual({ budget_kr: 1_000_000, grundbelopp_kr: 100_000, vikt_belopp: 0.75, vikt_befolkning: 0.25 });
    expect(fordelning.ar).toEqual([2023, 2024]);
    expect(fordelning.omfattning["2024"]).toEqual(["sjukpenning"]);
    expect(forbundAr(fordelning, 2023).map((r) => [r.forbund_id, r.belopp_kr, r.befolkning, r.antal_enheter_med_belopp, r.antal_enheter])).toEqual([
      ["A", 300000, 1000, 1, 1],
      ["B", 400000, 3500, 1, 2],
      ["C", null, 300, 0, 1],
    ]);
    expect(forbundAr(fordelning, 2024).map((r) => [r.forbund_id, r.belopp_kr, r.befolkning])).toEqual([
      ["A", 480000, 2100],
      ["B", 420000, 3600],
      ["C", null, 300],
    ]);
  });

  it("equals the view for the stored settings, every year and förbund, to 1e-6 kr", async () => {
    const view = await query(db, "SELECT ar, forbund_id, andel_belopp, andel_befolkning, beraknad_tilldelning_kr FROM statens_fordelning ORDER BY ar, forbund_id");
    expect(view).toHaveLength(6);
    for (const v of view) {
      const b = beraknaFordelning(forbundAr(fordelning, v.ar as number), stored()).find((r) => r.forbund_id === v.forbund_id)!;
      expect(Math.abs(b.beraknad_tilldelning_kr! - (v.beraknad_tilldelning_kr as number))).toBeLessThan(1e-6);
      if (v.andel_belopp == null) expect(b.andel_belopp).toBeNull();
      else expect(b.andel_belopp).toBeCloseTo(v.andel_belopp as number, 15);
      if (v.andel_befolkning == null) expect(b.andel_befolkning).toBeNull();
      else expect(b.andel_befolkning).toBeCloseTo(v.andel_befolkning as number, 15);
    }
    const a2023 = view.find((v) => v.ar === 2023 && v.forbund_id === "A")!;
    expect(a2023.beraknad_tilldelning_kr).toBeCloseTo(100_000 + 700_000 * (0.75 * (3 / 7) + 0.25 * (1000 / 4500)), 6);
  });

  it("gives the hand-computed allocation for other settings, summing to B, G alone without data", () => {
    const r = beraknaFordelning(forbundAr(fordelning, 2023), { budgetKr: 2_000_000, grundbeloppKr: 200_000, viktBelopp: 0.5, viktBefolkning: 0.5 });
    expect(r.map((x) => x.utan_data)).toEqual([false, false, true]);
    expect(r[0].beraknad_tilldelning_kr).toBeCloseTo(200_000 + 1_400_000 * (0.5 * (3 / 7) + 0.5 * (1000 / 4500)), 6);
    expect(r[1].beraknad_tilldelning_kr).toBeCloseTo(200_000 + 1_400_000 * (0.5 * (4 / 7) + 0.5 * (3500 / 4500)), 6);
    expect(r[2].beraknad_tilldelning_kr).toBe(200_000);
    expect(r.reduce((s, x) => s + x.beraknad_tilldelning_kr!, 0)).toBeCloseTo(2_000_000, 6);
  });

  it("the change from the previous data year is computed with the same settings", () => {
    const s = stored();
    const nu = beraknaFordelning(forbundAr(fordelning, 2024), s);
    const fore = beraknaFordelning(forbundAr(fordelning, 2023), s);
    const r = fordelningMedForandring(fordelning, 2024, s);
    expect(r[0].forandring_kr).toBeCloseTo(nu[0].beraknad_tilldelning_kr! - fore[0].beraknad_tilldelning_kr!, 9);
    expect(r[0].forandring_procent).toBeCloseTo((r[0].forandring_kr! / fore[0].beraknad_tilldelning_kr!) * 100, 9);
    expect(r[2].forandring_kr).toBe(0); // C: G both years
    expect(fordelningMedForandring(fordelning, 2023, s).every((x) => x.forandring_kr === null)).toBe(true);
  });

  it("keeps the two weights summing to 1 at the page's step", () => {
    expect(viktBefolkningAv(0.75)).toBe(0.25);
    expect(viktBefolkningAv(0.7)).toBe(0.3);
    expect(viktBefolkningAv(0.33) + 0.33).toBe(1);
  });
});

describe("the förbund page's economy file", () => {
  it("holds the view's allocation per data year and the member shares per budget year", async () => {
    const view = await query(db, "SELECT ar, beraknad_tilldelning_kr, utan_data FROM statens_fordelning_utokad WHERE forbund_id = 'B' ORDER BY ar");
    expect(perForbund.b.fordelning.map((r) => [r.ar, r.beraknad_tilldelning_kr, r.utan_data])).toEqual(view.map((v) => [v.ar, v.beraknad_tilldelning_kr, v.utan_data]));
    expect(perForbund.c.fordelning.map((r) => [r.ar, r.utan_data, r.beraknad_tilldelning_kr])).toEqual([[2023, true, 100_000], [2024, true, 100_000]]);
    const a2024 = perForbund.a.medlemsandel.find((x) => x.ar === 2024)!;
    expect(a2024.nyckeltyp).toBe("befolkning");
    expect(a2024.medlemmar.map((m) => [m.kommunkod, m.befolkning, m.nyckel])).toEqual([["0114", 1000, 1000], ["0115", 1000, 1000]]);
    const a2025 = perForbund.a.medlemsandel.find((x) => x.ar === 2025)!;
    expect(a2025.nyckeltyp).toBe("egen_nyckel");
    expect(a2025.medlemmar.map((m) => [m.kommunkod, m.nyckel, m.andel])).toEqual([["0114", 2, 2 / 3], ["0115", 1, 1 / 3]]);
    expect(perForbund.a.nyckelfiler.map((f) => path.basename(f))).toEqual(["medlemsnyckel.csv"]);
    expect(perForbund.a.installning).toMatchObject({ nyckel_fran: 16, nyckel_till: 64, nyckel_ar_fore: 1 });
  });

  it("the calculator on the own key: 1 000 001 kr → kommunerna 250 000 split 2 : 1 = 166 667 + 83 333", () => {
    const a2025 = perForbund.a.medlemsandel.find((x) => x.ar === 2025)!;
    const k = medlemsandelKalkyl(100_000_100n, a2025.medlemmar as { kommunkod: string; nyckel: number }[]);
    expect(k.kommunerna).toBe(25_000_000n);
    expect(k.medlemmar!.map((m) => [m.kommunkod, m.belopp_ore])).toEqual([["0114", 16_666_700n], ["0115", 8_333_300n]]);
  });
});
