// Försäkringskassan's statistikdatabas / open-data downloads (FORMATS.md §4), XLSX and their CSV conversions.
//
// Layout: a header row holding År and Månad (row 1 in hand-made extracts, row 3 in full downloads — found by
// content, not position), then Län ("NN Namn län" or "Riket"), Kommun ("NNNN Namn" on kommun rows; on län
// rows it repeats the län label; "Riket"), Kön ("Kvinnor och män"/"Kvinnor"/"Män"), optionally Ålder (only the
// all-ages row "Samtliga …" is read) and Förmån/Delförmån, and a value column. Only a BELOPP column (/belopp/i)
// is used, with its unit from the header ("tkr", "1000-tal kr", "tusental" → ×1000 exactly; "kr" → as is).
// Kommun rows → utbetalningar; län and riket rows → utbetalning_region (FK's published totals, kept beside the
// kommun sums). Files without a belopp column (ohälsotal, sjukpenningtal: days, not kronor) are recognised and
// declined with a reason. The ersättning comes from a Förmån/Delförmån column or from the title rows, the sheet
// name or the file name (sjukpenning incl. rehabiliteringspenning; sjuk- och aktivitetsersättning; aktivitetsstöd
// incl. utvecklingsersättning; etableringsersättning); when none says it, the file is refused with a clear error.
// FK's JSON API rows ({dimensions, observations: {belopp: {rojd, value}}}) are read too when the unit is known
// (the table's meta.json beside them — "<Tabell>.meta.json" as the fetch command saves it — or the file name);
// rojd: true → status "undertryckt"; ALL → riket or both kön; delförmåner of one ersättning (SA: A + S, named
// through the meta's labels) are summed exactly unless an ALL row is published; other breakdowns (diagnoskapitel,
// …) are read only as their ALL total. A meta.json is recognised and left unread (it has no rows).
import fs from "node:fs";
import path from "node:path";
import type { AcceptContext } from "../canonical/accept.ts";
import { MappedRecord } from "../canonical/record.ts";
import { acceptRegionUtbetalning, acceptUtbetalning } from "../canonical/accept.ts";
import type { ErsattningId } from "../config.ts";
import Decimal from "decimal.js";
import { displayPath, type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { decodeText, parseNumber, resolveKon, scaleDecimal } from "./common.ts";
import {
  type ErsattningGuess,
  type LongSpec,
  ersattningFromText,
  findColumn,
  findHeaderRow,
  fold,
  isTotalLabel,
  readLongTable,
  titleText,
  unitFactor,
} from "./mapping.ts";
import type { Detection, SourceAdapter, SourceFile } from "./types.ts";
import { type Table, cellError, isDelimitedText, isXlsx, peekTables, readTables, rowTexts } from "./xlsx.ts";

const h = (s: string) => fold(s).replace(/\s+/g, " ").trim();
const isAr = (s: string) => h(s) === "ar";
const isManad = (s: string) => h(s) === "manad";

/** FK's header: År and Månad, and a Län or Kommun column. */
export function isFkHeader(headers: string[]): boolean {
  return headers.some(isAr) && headers.some(isManad) && headers.some((x) => h(x) === "lan" || h(x) === "kommun");
}

const DIMENSIONS = /^(ar|manad|lan|kommun|kon|alder|(del)?forman|formanstyp|diagnos.*|bransch.*|tidsperspektiv|omfattning|beloppstyp|sektor)$/;

function beloppColumns(headers: string[]): number[] {
  return headers.map((x, i) => [x, i] as const).filter(([x]) => /belopp/i.test(x) && !/per |medel|genomsnitt|andel|beloppstyp/i.test(x)).map(([, i]) => i);
}

interface FkLayout {
  table: Table;
  headerIndex: number;
  headers: string[];
  belopp: number[];
  /** The ersättning judged for detection (a Förmån column's first value, else the file's). */
  ersattning: ErsattningGuess;
  /** The file's ersättning from its title rows, sheet name or file name (used when there is no Förmån column). */
  fileErsattning: ErsattningGuess;
  ersattningKolumn?: number;
}

function layoutOf(file: SourceFile, tables: Table[]): FkLayout | undefined {
  for (const table of tables) {
    const headerIndex = findHeaderRow(table, isFkHeader);
    if (headerIndex === undefined) continue;
    const headers = rowTexts(table.rows[headerIndex]);
    const ersattningKolumn = findColumn(headers, (x) => /^(del)?forman(styp)?$/.test(h(x)));
    // The file's ersättning: a Förmån column's first value, then the title rows, the sheet name, the file name.
    const sources = [
      ersattningKolumn !== undefined ? rowTexts(table.rows[headerIndex + 1])[ersattningKolumn] ?? "" : "",
      titleText(table, headerIndex),
      table.sheet ?? "",
      file.name.replace(/\.[a-z]+$/i, ""),
    ];
    let ersattning: ErsattningGuess = null;
    for (const s of sources) {
      ersattning = ersattningFromText(s);
      if (ersattning) break;
    }
    let fileErsattning: ErsattningGuess = null;
    for (const s of sources.slice(1)) {
      fileErsattning = ersattningFromText(s);
      if (fileErsattning) break;
    }
    return { table, headerIndex, headers, belopp: beloppColumns(headers), ersattning, fileErsattning, ersattningKolumn };
  }
  return undefined;
}

function judge(layout: FkLayout): Detection {
  if (layout.belopp.length === 0) {
    const values = layout.headers.filter((x) => x && !DIMENSIONS.test(h(x)));
    return {
      ok: false,
      reason: `Försäkringskassans fil ${values.length ? `${values.join(", ")} ` : ""}saknar beloppskolumn; försörjningsmåttet behöver utbetalda belopp (kronor), inte ${values.length ? values.join(", ") : "andra mått"}`,
    };
  }
  if (layout.ersattning && "excluded" in layout.ersattning) {
    return { ok: false, reason: `Försäkringskassans fil gäller ${layout.ersattning.excluded}, som inte ingår i försörjningsmåttet` };
  }
  if (layout.ersattning?.id === "arbetsloshetsersattning") {
    return { ok: false, reason: "arbetslöshetsersättning betalas av a-kassorna, inte Försäkringskassan (läses av a-kassa-adaptern)" };
  }
  return { ok: true };
}

/** The unit of the belopp column: from its header, else from the title rows; a clear error when neither says it. */
function beloppSpec(layout: FkLayout): LongSpec["belopp"] {
  const { table, headerIndex, headers } = layout;
  const headerRow = table.rows[headerIndex];
  if (layout.belopp.length > 1) {
    const col = layout.belopp[1];
    throw cellError(table, headerRow, col, headers[col], `flera beloppskolumner (${layout.belopp.map((i) => headers[i]).join(", ")})`, "en beloppskolumn per fil (ta bort de andra, eller beskriv filen med en mappningsfil i data/mappings/)");
  }
  const column = layout.belopp[0];
  const unit = unitFactor(headers[column]) ?? unitFactor(titleText(table, headerIndex));
  if (!unit) {
    throw cellError(
      table, headerRow, column, headers[column],
      `beloppskolumnen ${quoteFound(headers[column])} utan enhet`,
      'en enhet i kolumnrubriken eller titeln: "tkr", "1000-tal kr" eller "tusental kronor" (räknas om ×1000) eller "kr"; skriv t.ex. om rubriken till "Belopp tkr"',
    );
  }
  return { column, factor: unit.factor, enhet: unit.enhet };
}

/** The engine's spec for an FK-layout table (also used by the a-kassa adapter for the same layout). */
export function fkSpec(layout: FkLayout, namn: string): LongSpec {
  const { headers, headerIndex } = layout;
  return {
    namn,
    mal: "utbetalningar",
    headerIndex,
    kommun: findColumn(headers, (x) => h(x) === "kommun"),
    lan: findColumn(headers, (x) => h(x) === "lan"),
    period: { ar: findColumn(headers, isAr)!, manad: findColumn(headers, isManad)! },
    kon: findColumn(headers, (x) => h(x) === "kon"),
    alder: findColumn(headers, (x) => /^alder/.test(h(x))),
    totaler: headers.map((x, i) => [x, i] as const).filter(([x]) => /^(diagnos.*|bransch.*|omfattning|beloppstyp|sektor)$/.test(h(x))).map(([, i]) => i),
    ersattningKolumn: layout.ersattningKolumn,
    ersattning: layout.ersattningKolumn === undefined && layout.fileErsattning && "id" in layout.fileErsattning ? layout.fileErsattning.id : undefined,
    ersattningKalla: "kolumnerna, titeln, bladnamnet eller filnamnet",
    belopp: beloppSpec(layout),
    regionRader: true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON API rows

interface FkJsonRow {
  dimensions?: Record<string, unknown>;
  observations?: Record<string, { rojd?: unknown; value?: unknown } | undefined>;
}

function jsonRows(file: SourceFile): FkJsonRow[] | null {
  if (!/\.json$/i.test(file.name) || /\.mapping\.json$/i.test(file.name) || /meta\.json$/i.test(file.name)) return null;
  try {
    const json = JSON.parse(file.bytes.toString("utf8").replace(/^\uFEFF/, ""));
    if (!Array.isArray(json) || json.length === 0) return null;
    const first = json[0];
    return first && typeof first === "object" && "dimensions" in first && "observations" in first ? (json as FkJsonRow[]) : null;
  } catch {
    return null;
  }
}

interface FkMeta {
  unit: { factor: number; enhet: string; kalla: string } | null;
  /** Value labels per dimension (filter.dimension[].values[].label), e.g. delforman A → "Aktivitetsersättning". */
  labels: Map<string, Map<string, string>>;
}

/** The unit of `belopp` in FK JSON and the dimensions' labels: a meta.json beside the file, else the file name. */
function jsonMeta(file: SourceFile): FkMeta {
  const dir = path.dirname(file.path);
  const stem = file.name.replace(/\.json$/i, "");
  const metas = fs.readdirSync(dir).filter((n) => /meta\.json$/i.test(n)).sort((a, b) => Number(b.startsWith(stem)) - Number(a.startsWith(stem)) || (a < b ? -1 : 1));
  for (const name of metas) {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
      if (meta?.key && String(meta.key).toLowerCase() !== stem.toLowerCase()) continue; // the meta of another table in the same folder
      const cols: { key?: string; label?: string }[] = meta?.table?.columns ?? meta?.columns ?? [];
      const col = cols.find((c) => c.key === "belopp");
      const unit = col?.label ? unitFactor(col.label) : null;
      if (!unit) continue;
      const labels = new Map<string, Map<string, string>>();
      const walk = (dims: { key?: string; values?: { key?: string; label?: string; subdimension?: unknown }[] }[] | undefined) => {
        for (const d of dims ?? []) {
          if (!d.key) continue;
          const m = labels.get(d.key) ?? new Map<string, string>();
          for (const v of d.values ?? []) if (v.key !== undefined && v.label) m.set(String(v.key), v.label);
          labels.set(d.key, m);
        }
      };
      walk(meta?.filter?.dimension);
      return { unit: { ...unit, kalla: name }, labels };
    } catch {
      // not a meta file we can read; try the next
    }
  }
  const unit = unitFactor(file.name.replace(/[_-]/g, " "));
  return { unit: unit ? { ...unit, kalla: "filnamnet" } : null, labels: new Map() };
}

function jsonErsattning(file: SourceFile): ErsattningGuess {
  return ersattningFromText(file.name.replace(/\.json$/i, "")) ?? ersattningFromText(path.basename(path.dirname(file.path)));
}

const REGION_DIMS = new Set(["ar", "manad", "kon_kod", "kon", "lan", "lan_kod", "kommun_kod", "kommun"]);
const PART_DIMS = new Set(["delforman", "delforman_kod", "forman", "forman_kod"]);
const isAll = (v: string) => /^all(_all)?$/i.test(v) || isTotalLabel(v);

interface JsonGroup {
  rec: { values: Record<string, string>; locations: Record<string, Omit<ErrorLocation, "file">>; recordLocation: Omit<ErrorLocation, "file"> };
  regionTyp: "kommun" | "lan" | "riket";
  total?: { belopp: string | null; status: string };
  parts: { label: string; belopp: string | null; status: string }[];
}

function readJson(file: SourceFile, rows: FkJsonRow[], ctx: AcceptContext): number {
  const meta = jsonMeta(file);
  const unit = meta.unit;
  if (!unit) {
    throw new IngestError(
      { file: file.path, path: "[0].observations.belopp" },
      "belopp utan känd enhet",
      "tabellens meta.json bredvid filen (med kolumnen belopp och dess enhet, t.ex. \"Belopp i 1000-tal kr\"), eller enheten i filnamnet (t.ex. ..._tkr.json)",
    );
  }
  const fileGuess = jsonErsattning(file);
  const groups = new Map<string, JsonGroup>();
  const skipped = new Set<string>();
  let n = 0;
  rows.forEach((row, i) => {
    const d = row.dimensions ?? {};
    const p = `[${i}]`;
    const get = (k: string[]) => {
      for (const key of k) if (d[key] !== undefined && d[key] !== null) return { key, value: String(d[key]).trim() };
      return { key: k[0], value: "" };
    };
    const fail = (where: string, found: unknown, expected: string): never => {
      throw new IngestError({ file: file.path, path: `${p}.${where}` }, quoteFound(found), expected);
    };
    // Breakdowns other than region, period, kön and delförmån (diagnoskapitel, ålder, …): only their total (ALL) is read.
    for (const [key, value] of Object.entries(d)) {
      if (REGION_DIMS.has(key) || PART_DIMS.has(key) || value === null || value === undefined) continue;
      if (!isAll(String(value))) {
        skipped.add(key);
        return;
      }
    }
    const ar = get(["ar"]);
    const manad = get(["manad"]);
    if (!/^\d{4}$/.test(ar.value)) fail(`dimensions.${ar.key}`, ar.value, "ett år, t.ex. \"2024\"");
    if (manad.value && !/^(0?[1-9]|1[0-2])$/.test(manad.value)) fail(`dimensions.${manad.key}`, manad.value, "en månad \"01\"–\"12\"");
    const period = manad.value ? `${ar.value}-${manad.value.padStart(2, "0")}` : ar.value;
    const konDim = get(["kon_kod", "kon"]);
    const kon = konDim.value === "" ? "T" : resolveKon(konDim.value);
    if (!kon) fail(`dimensions.${konDim.key}`, konDim.value, "ALL, K eller M");
    const kommun = get(["kommun_kod", "kommun"]);
    const lan = get(["lan_kod", "lan"]);
    let region: { typ: "kommun" | "lan" | "riket"; kod: string; where: string };
    const kommunKod = kommun.value.split("_")[0];
    if (/^\d{4}$/.test(kommunKod)) region = { typ: "kommun", kod: kommunKod, where: `dimensions.${kommun.key}` };
    else if (lan.value === "" || /^all$/i.test(lan.value)) region = { typ: "riket", kod: "00", where: `dimensions.${lan.key}` };
    else if (/^\d{1,2}$/.test(lan.value)) region = { typ: "lan", kod: lan.value.padStart(2, "0"), where: `dimensions.${lan.key}` };
    else return fail(`dimensions.${lan.key}`, lan.value, "en länskod (01–25) eller ALL");
    const obs = row.observations?.belopp;
    if (!obs) return;
    // The delförmån (A/S for SA) names the ersättning through the meta's labels; parts of one ersättning are summed.
    const partDim = [...PART_DIMS].find((k) => d[k] !== undefined && d[k] !== null);
    const partCode = partDim ? String(d[partDim]).trim() : "";
    const partLabel = partDim ? (meta.labels.get(partDim)?.get(partCode) ?? partCode) : "";
    let ersattning: ErsattningId | undefined;
    if (partDim && !isAll(partCode)) {
      const g = ersattningFromText(partLabel);
      if (g && "excluded" in g) {
        skipped.add(`${partDim} ${partLabel}`);
        return;
      }
      ersattning = g?.id;
    }
    if (!ersattning && fileGuess && "id" in fileGuess) ersattning = fileGuess.id;
    if (!ersattning) {
      fail(partDim ? `dimensions.${partDim}` : "dimensions", partDim ? partLabel : "ingen förmån", "förmånens namn i filnamnet (t.ex. SAbestand… = sjuk- och aktivitetsersättning, sjukpenning_….json) eller delförmånens etikett i meta.json");
    }
    let status = "";
    let belopp: string | null = null;
    if (obs.rojd === true) status = "undertryckt";
    else {
      const v = parseNumber(typeof obs.value === "number" || typeof obs.value === "string" ? obs.value : null);
      if (v === undefined) fail("observations.belopp.value", obs.value, "ett tal");
      if (v === null) status = "saknas";
      else belopp = scaleDecimal(v!, unit.factor);
    }
    n++;
    const field = region.typ === "kommun" ? "kommunkod" : "regionkod";
    const key = `${region.typ}|${region.kod}|${period}|${ersattning}|${kon}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        rec: {
          values: { [field]: region.kod, period, ersattning: ersattning!, kon: kon!, belopp_kr: "", status: "" },
          locations: {
            [field]: { path: `${p}.${region.where}` },
            period: { path: `${p}.dimensions.${manad.value ? manad.key : ar.key}` },
            kon: { path: `${p}.dimensions.${konDim.key}` },
            belopp_kr: { path: `${p}.observations.belopp.value` },
            status: { path: `${p}.observations.belopp.rojd` },
            ersattning: { path: partDim ? `${p}.dimensions.${partDim}` : p },
          },
          recordLocation: { path: p },
        },
        regionTyp: region.typ,
        parts: [],
      };
      groups.set(key, group);
    }
    if (!partDim || isAll(partCode)) {
      if (group.total) throw new IngestError({ file: file.path, path: p }, `en andra rad för ${region.kod}, ${period}, ${ersattning}, kön ${kon}`, "högst en rad per region, period, kön och delförmån");
      group.total = { belopp, status };
    } else {
      if (group.parts.some((x) => x.label === partLabel)) throw new IngestError({ file: file.path, path: `${p}.dimensions.${partDim}` }, `en andra rad för delförmånen ${quoteFound(partLabel)} (${region.kod}, ${period}, kön ${kon})`, "högst en rad per region, period, kön och delförmån");
      group.parts.push({ label: partLabel, belopp, status });
    }
  });

  for (const g of groups.values()) {
    // A published total (delförmån ALL) is used as it is; otherwise the parts are summed exactly.
    let belopp: string | null;
    let status: string;
    if (g.total) ({ belopp, status } = g.total);
    else {
      const missing = g.parts.find((x) => x.belopp === null);
      belopp = missing ? null : g.parts.reduce((s, x) => s.plus(x.belopp!), new Decimal(0)).toFixed();
      status = missing ? (g.parts.some((x) => x.status === "undertryckt") ? "undertryckt" : "saknas") : "";
      if (g.parts.length > 1) ctx.data.notes.add(`${displayPath(file.path)}: delförmånerna ${g.parts.map((x) => x.label).join(" + ")} har summerats till ${g.rec.values.ersattning}.`);
    }
    g.rec.values.belopp_kr = belopp ?? "";
    g.rec.values.status = status;
    const rec = new MappedRecord(file.path, g.rec.values, g.rec.locations, g.rec.recordLocation);
    if (g.regionTyp === "kommun") acceptUtbetalning(rec, ctx);
    else acceptRegionUtbetalning(rec, ctx);
  }
  if (skipped.size) ctx.data.notes.add(`${displayPath(file.path)}: rader uppdelade på ${[...skipped].join(", ")} lästes inte in; bara summan (ALL) används.`);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------

/** Försäkringskassan's table metadata ("<Tabell>.meta.json"): an object with the table's columns or filters. */
function isFkMeta(file: SourceFile): boolean {
  if (!/meta\.json$/i.test(file.name)) return false;
  try {
    const meta = JSON.parse(decodeText(file.bytes).text) as Record<string, unknown>;
    return typeof meta === "object" && meta !== null && ("table" in meta || "filter" in meta);
  } catch {
    return false;
  }
}

export const forsakringskassan: SourceAdapter = {
  id: "forsakringskassan",
  namn: "Försäkringskassan, statistikdatabasen (XLSX, CSV, JSON)",
  detect(file) {
    const json = jsonRows(file);
    if (json) {
      if (!json.some((r) => r.observations && "belopp" in r.observations)) {
        return { ok: false, reason: `Försäkringskassans JSON saknar belopp (har ${Object.keys(json[0].observations ?? {}).join(", ") || "inga observationer"}); försörjningsmåttet behöver utbetalda belopp` };
      }
      const guess = jsonErsattning(file);
      if (guess && "excluded" in guess) return { ok: false, reason: `Försäkringskassans fil gäller ${guess.excluded}, som inte ingår i försörjningsmåttet` };
      return { ok: true };
    }
    // The table's meta.json is taken (with no rows) so it is recorded among the files read, not reported unknown.
    if (isFkMeta(file)) return { ok: true };
    if (!isXlsx(file) && !isDelimitedText(file)) return { ok: false, reason: "varken XLSX, CSV eller Försäkringskassans JSON" };
    const layout = layoutOf(file, peekTables(file));
    if (!layout) return { ok: false, reason: "ingen rubrikrad med År, Månad och Län/Kommun" };
    return judge(layout);
  },
  async read(file, ctx) {
    if (isFkMeta(file)) return 0;
    const json = jsonRows(file);
    if (json) return readJson(file, json, ctx);
    const layout = layoutOf(file, await readTables(file))!;
    return readLongTable(layout.table, fkSpec(layout, "Försäkringskassan"), ctx);
  },
};

export { layoutOf as fkLayoutOf, type FkLayout };
