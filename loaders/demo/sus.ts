// The demo SUS-style export (issue #8, item 6): three förbund of the built-in 2012 list, 40 insatser and 5 000
// participations 2019–2025, written the way förbund hold such data — an Excel workbook, a Windows-1252 CSV and a
// UTF-8 CSV with BOM, with Swedish headers and labels that go through data/alias/sus.json — plus anonymous counts,
// budget and utfall, and Uppföljning Finsam counts from 2023. Deterministic: one seed, named PRNG streams, and a
// ZIP writer with fixed timestamps, so every run writes the same bytes. Everything is synthetic (DEMODATA.md).
//
// Personnummer: synthetic samordningsnummer (birth day + 60) with a valid Luhn check digit. There is no range that is
// guaranteed never to be assigned (Skatteverket's list of test numbers is not available offline), so the numbers are
// drawn at random from the far smaller samordningsnummer space and are never tied to any real record; the ingest
// treats them exactly as real numbers (checked, hashed, never stored).
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { DEMO_MARKER_FILE, REFERENCE_DIR } from "../config.ts";
import { type ForsorjningId, SYSSELSATTNING } from "../insatser/kodlistor.ts";
import { luhnSiffra } from "../insatser/personnummer.ts";
import { stream, type Stream } from "./prng.ts";
import { writeXlsx, type XlsxCell } from "./xlsx-writer.ts";

export const SUS_SEED = 20190101;
/** The day the demo export was "taken": participations running then have no slutdatum. */
export const EXPORTDATUM = "2025-11-30";
export const FORSTA_AR = 2019;
export const SISTA_AR = 2025;
/** Uppföljning Finsam replaced SUS in spring 2023: its counts start that year. */
export const UPPFOLJNING_FINSAM_FRAN = 2023;

type Format = "xlsx" | "csv-1252" | "csv-bom";

interface ForbundSpec {
  id: string;
  kort: string;
  prefix: string;
  individinsatser: number;
  /** Small insatser (few participants, so their cells must be suppressed when published): name and size. */
  sma: [string, number][];
  deltaganden: number;
  format: Format;
}

export const SUS_FORBUND: ForbundSpec[] = [
  { id: "rar-i-sodermanland", kort: "RAR_Sormland", prefix: "RAR", individinsatser: 12, sma: [["Pilot: Arbetsträning på gården", 6]], deltaganden: 2000, format: "xlsx" },
  { id: "blekinge", kort: "Blekinge", prefix: "BLE", individinsatser: 12, sma: [], deltaganden: 1650, format: "csv-1252" },
  { id: "umea", kort: "Umea", prefix: "UME", individinsatser: 11, sma: [["Pilot: Kulturverkstad", 4]], deltaganden: 1350, format: "csv-bom" },
];

interface Malgrupp {
  namn: string;
  kvinnor: number;
  alder: [number, number];
  fore: [ForsorjningId, number][];
  arbete: number;
  studier: number;
}

const MALGRUPPER: Malgrupp[] = [
  { namn: "Unga 16–29 år", kvinnor: 0.45, alder: [16, 29], fore: [["aktivitetsstod", 0.35], ["ekonomiskt_bistand", 0.35], ["ingen", 0.12], ["studiemedel", 0.06], ["sjuk_och_aktivitetsersattning", 0.12]], arbete: 0.3, studier: 0.2 },
  { namn: "Långtidssjukskrivna", kvinnor: 0.68, alder: [25, 64], fore: [["sjukpenning", 0.7], ["sjuk_och_aktivitetsersattning", 0.2], ["ekonomiskt_bistand", 0.1]], arbete: 0.22, studier: 0.05 },
  { namn: "Personer med försörjningsstöd", kvinnor: 0.48, alder: [20, 64], fore: [["ekonomiskt_bistand", 0.85], ["aktivitetsstod", 0.1], ["annan", 0.05]], arbete: 0.25, studier: 0.1 },
  { namn: "Nyanlända", kvinnor: 0.52, alder: [20, 55], fore: [["etableringsersattning", 0.6], ["ekonomiskt_bistand", 0.3], ["aktivitetsstod", 0.1]], arbete: 0.28, studier: 0.18 },
  { namn: "Personer med psykisk ohälsa", kvinnor: 0.58, alder: [18, 64], fore: [["sjuk_och_aktivitetsersattning", 0.4], ["sjukpenning", 0.3], ["ekonomiskt_bistand", 0.3]], arbete: 0.15, studier: 0.1 },
  { namn: "Långtidsarbetslösa", kvinnor: 0.45, alder: [25, 64], fore: [["aktivitetsstod", 0.5], ["arbetsloshetsersattning", 0.3], ["ekonomiskt_bistand", 0.2]], arbete: 0.27, studier: 0.08 },
];

const INSATSNAMN = [
  "Steget vidare", "Vägen ut", "Arbetsträning i samverkan", "Unga in", "Hälsoteamet", "Rehabkoordinering", "Språk och arbete",
  "Nya steg", "Samverkansteamet", "Jobbspåret", "Kraftsamling", "Bryggan", "Kompassen", "Lotsen", "Framåt", "IPS – stöd till arbete",
  "Tidiga insatser för unga", "Motivationsgruppen", "Hälsa och arbete", "Plattformen", "Vägledningscentrum", "Naturbruk i samverkan",
  "Trappan", "Navet", "Växthuset", "Ankaret", "Broar till arbete", "Fokus framtid", "Grinden", "Horisonten", "Kliv",
  "Mötesplatsen", "Nästa steg", "Resursteamet", "Startpunkten", "Vägvisaren",
];
const STRUKTURNAMN = ["Kompetensutveckling i samverkan", "Gemensam kartläggning", "Chefsnätverket"];

const AVSLUT = ["Avslutad enligt plan", "Avslutad enligt plan", "Avslutad enligt plan", "Avbrott – eget önskemål", "Avbrott – sjukdom", "Flyttat", "Annan orsak"];

/** How each förbund writes its labels (several exports, several habits). */
const ETIKETTER: Record<Format, {
  forsorjning: Record<ForsorjningId, string>;
  sep: string;
  kon?: { K: string; M: string };
  felregistrering: string;
}> = {
  xlsx: {
    forsorjning: {
      sjukpenning: "Sjukpenning", sjuk_och_aktivitetsersattning: "Sjuk- och aktivitetsersättning", arbetsloshetsersattning: "Arbetslöshetsersättning",
      aktivitetsstod: "Aktivitetsstöd", etableringsersattning: "Etableringsersättning", ekonomiskt_bistand: "Försörjningsstöd", lon: "Lön",
      studiemedel: "Studiemedel", annan: "Annan offentlig försörjning", ingen: "Ingen offentlig försörjning",
    },
    sep: ", ",
    felregistrering: "Felregistrering",
  },
  "csv-1252": {
    forsorjning: {
      sjukpenning: "Sjukpenning", sjuk_och_aktivitetsersattning: "Sjukersättning", arbetsloshetsersattning: "A-kassa", aktivitetsstod: "Aktivitetsstöd",
      etableringsersattning: "Etableringsersättning", ekonomiskt_bistand: "Ekonomiskt bistånd", lon: "Lön", studiemedel: "Studiemedel", annan: "Annan", ingen: "Ingen",
    },
    sep: " | ",
    kon: { K: "Kvinna", M: "Man" },
    felregistrering: "Felregistrerad",
  },
  "csv-bom": {
    forsorjning: {
      sjukpenning: "Sjukpenning", sjuk_och_aktivitetsersattning: "Aktivitetsersättning", arbetsloshetsersattning: "Arbetslöshetsersättning",
      aktivitetsstod: "Aktivitetsstöd", etableringsersattning: "Etableringsersättning", ekonomiskt_bistand: "Försörjningsstöd", lon: "Lön",
      studiemedel: "Studiemedel", annan: "Annan", ingen: "Ingen offentlig försörjning",
    },
    sep: "; ",
    kon: { K: "K", M: "M" },
    felregistrering: "FELREGISTRERING",
  },
};
const SYSS_ETIKETT = Object.fromEntries(SYSSELSATTNING.map((s) => [s.id, s.namn])) as Record<string, string>;

// ---------------------------------------------------------------------------------------------------------------
// The model

export interface DemoInsats {
  id: string;
  forbundId: string;
  namn: string;
  inriktning: "individinriktad" | "strukturovergripande";
  matningsmetod: "personuppgifter" | "endast_antal";
  start: string;
  slut: string | null;
  malgrupp: Malgrupp | null;
  planerade: number;
  esf: boolean;
}

export interface DemoPerson {
  nummer: string; // twelve digits, no separator
  kon: "K" | "M";
  fodelsear: number;
  lopnr: number;
  kommunkod: string;
}

export interface DemoDeltagande {
  person: DemoPerson;
  insats: DemoInsats;
  start: string;
  slut: string | null;
  avslutsanledning: string | null;
  fore: ForsorjningId[];
  efter: ForsorjningId[] | null;
  sysselsattningFore: string;
  sysselsattningEfter: string | null;
}

interface Kommun {
  kod: string;
  namn: string;
  vikt: number;
}

const day = 86_400_000;
const toDays = (d: string) => Date.parse(`${d}T00:00:00Z`) / day;
const fromDays = (n: number) => new Date(n * day).toISOString().slice(0, 10);

function pick<T>(s: Stream, items: readonly T[]): T {
  return items[Math.floor(s.uniform() * items.length)];
}

function weighted<T>(s: Stream, items: readonly [T, number][]): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let u = s.uniform() * total;
  for (const [item, w] of items) {
    if ((u -= w) < 0) return item;
  }
  return items[items.length - 1][0];
}

function readForbund(): Map<string, { namn: string; kommuner: string[] }> {
  const rows = parse(fs.readFileSync(path.join(REFERENCE_DIR, "forbund", "forbund_2012.csv")), { columns: true, bom: true }) as Record<string, string>[];
  const out = new Map<string, { namn: string; kommuner: string[] }>();
  for (const r of rows) {
    const f = out.get(r.forbund_id) ?? { namn: r.forbund_namn, kommuner: [] };
    if (!r.delomrade) f.kommuner.push(r.kommunkod);
    out.set(r.forbund_id, f);
  }
  return out;
}

function readKommuner(): Map<string, { namn: string; folkmangd: number }> {
  const names = parse(fs.readFileSync(path.join(REFERENCE_DIR, "kommuner", "municipalities.csv")), { columns: true, bom: true }) as Record<string, string>[];
  const pop = parse(fs.readFileSync(path.join(REFERENCE_DIR, "befolkning", "folkmangd_kommun_1968_2025_long_merged.csv")), { columns: true, bom: true }) as Record<string, string>[];
  const folk = new Map(pop.filter((r) => r.ar === "2024").map((r) => [r.kommunkod, Number(r.folkmangd)]));
  return new Map(names.map((r) => [r.municipality_code, { namn: r.municipality_name_short, folkmangd: folk.get(r.municipality_code) ?? 10000 }]));
}

/** A synthetic samordningsnummer (day + 60) for a birth date and kön, unique within `used`. */
function samordningsnummer(s: Stream, fodelsear: number, kon: "K" | "M", used: Set<string>): string {
  for (;;) {
    const manad = 1 + Math.floor(s.uniform() * 12);
    const dag = 1 + Math.floor(s.uniform() * 28);
    let nnn = Math.floor(s.uniform() * 1000);
    if ((nnn % 2 === 1) !== (kon === "M")) nnn = (nnn + 1) % 1000;
    const datum = `${String(fodelsear % 100).padStart(2, "0")}${String(manad).padStart(2, "0")}${String(dag + 60).padStart(2, "0")}`;
    const nio = `${datum}${String(nnn).padStart(3, "0")}`;
    const nummer = `${Math.floor(fodelsear / 100)}${nio}${luhnSiffra(nio)}`;
    if (!used.has(nummer)) {
      used.add(nummer);
      return nummer;
    }
  }
}

export interface DemoModel {
  insatser: DemoInsats[];
  deltaganden: DemoDeltagande[];
  /** Anonymous participants per insats, year and kön. */
  anonyma: { insats: DemoInsats; ar: number; K: number; M: number }[];
  ekonomi: { insats: DemoInsats; ar: number; budgettyp: string; budgetOre: number; utfallOre: number }[];
  forbundNamn: Map<string, string>;
  kommuner: Map<string, { namn: string; folkmangd: number }>;
}

/** Builds the whole synthetic data set (no files). */
export function buildSusModel(seed = SUS_SEED): DemoModel {
  const forbund = readForbund();
  const kommuner = readKommuner();
  const insatser: DemoInsats[] = [];
  const deltaganden: DemoDeltagande[] = [];
  const anonyma: DemoModel["anonyma"] = [];
  const ekonomi: DemoModel["ekonomi"] = [];
  const used = new Set<string>();
  const exportDag = toDays(EXPORTDATUM);
  const namnS = stream(seed, "insatsnamn");
  const namnPool = [...INSATSNAMN];

  for (const spec of SUS_FORBUND) {
    const f = forbund.get(spec.id);
    if (!f) throw new Error(`demo: förbund ${spec.id} is not in forbund_2012.csv`);
    const s = stream(seed, `insatser|${spec.id}`);
    const medlemmar: Kommun[] = f.kommuner.map((k) => ({ kod: k, namn: kommuner.get(k)!.namn, vikt: kommuner.get(k)!.folkmangd }));
    const own: DemoInsats[] = [];
    let nr = 1;
    const nextId = () => `${spec.prefix}${String(100 + nr++)}`;
    // Individinriktade insatser: start 2019–2024, some still running at the export, some ended.
    for (let i = 0; i < spec.individinsatser + spec.sma.length; i++) {
      const small = i >= spec.individinsatser;
      const startAr = small ? 2023 : FORSTA_AR + Math.floor(s.uniform() * 5);
      const startDag = toDays(`${startAr}-01-01`) + Math.floor(s.uniform() * 180);
      const years = 2 + Math.floor(s.uniform() * 4);
      const slutDag = small ? toDays("2024-06-30") : startDag + years * 365;
      const namn = small ? spec.sma[i - spec.individinsatser][0] : namnPool.splice(Math.floor(namnS.uniform() * namnPool.length), 1)[0];
      own.push({
        id: nextId(),
        forbundId: spec.id,
        namn,
        inriktning: "individinriktad",
        matningsmetod: "personuppgifter",
        start: fromDays(startDag),
        slut: slutDag < exportDag ? fromDays(slutDag) : null,
        malgrupp: pick(s, MALGRUPPER),
        planerade: small ? 8 : 20 + 10 * Math.floor(s.uniform() * 8),
        esf: !small && s.uniform() < 0.2,
      });
    }
    // One structural insats per förbund: no participants, a budget.
    own.push({
      id: nextId(), forbundId: spec.id, namn: STRUKTURNAMN[SUS_FORBUND.indexOf(spec)], inriktning: "strukturovergripande", matningsmetod: "endast_antal",
      start: "2020-01-01", slut: null, malgrupp: null, planerade: 0, esf: false,
    });
    insatser.push(...own);

    // Participations: the small insatser get their fixed few; the rest is shared by planned size × active days.
    const individ = own.filter((x) => x.inriktning === "individinriktad");
    const aktiv = (x: DemoInsats) => Math.min(x.slut ? toDays(x.slut) : exportDag, exportDag) - toDays(x.start);
    const stora = individ.filter((_, i) => i < spec.individinsatser);
    const vikt = stora.map((x) => x.planerade * aktiv(x));
    const totalVikt = vikt.reduce((a, b) => a + b, 0);
    const rest = spec.deltaganden - spec.sma.reduce((a, [, n]) => a + n, 0);
    let fordelat = 0;
    const antal = stora.map((_, i) => {
      const n = i === stora.length - 1 ? rest - fordelat : Math.round((rest * vikt[i]) / totalVikt);
      fordelat += n;
      return n;
    });
    antal.push(...spec.sma.map(([, n]) => n));

    const personer: DemoPerson[] = [];
    const ps = stream(seed, `deltagare|${spec.id}`);
    individ.forEach((insats, ii) => {
      const mg = insats.malgrupp!;
      const fran = toDays(insats.start);
      const till = Math.min(insats.slut ? toDays(insats.slut) : exportDag, exportDag) - 7;
      const nycklar = new Set<string>();
      for (let n = 0; n < antal[ii]; n++) {
        const start = fran + Math.floor(ps.uniform() * Math.max(1, till - fran));
        const startAr = Number(fromDays(start).slice(0, 4));
        // About one in fourteen is a person who took part in an insats of the förbund before.
        let person: DemoPerson | undefined;
        if (personer.length > 20 && ps.uniform() < 0.07) {
          const p = pick(ps, personer);
          if (!nycklar.has(`${p.lopnr}|${start}`) && startAr - p.fodelsear >= 16) person = p;
        }
        if (!person) {
          const kon = ps.uniform() < mg.kvinnor ? "K" : "M";
          const alder = mg.alder[0] + Math.floor(ps.uniform() * (mg.alder[1] - mg.alder[0] + 1));
          const fodelsear = startAr - alder;
          person = {
            nummer: samordningsnummer(ps, fodelsear, kon, used),
            kon,
            fodelsear,
            lopnr: personer.length + 1,
            kommunkod: weighted(ps, medlemmar.map((k) => [k.kod, k.vikt] as [string, number])),
          };
          personer.push(person);
        }
        nycklar.add(`${person.lopnr}|${start}`);
        // Duration: skewed, median about seven months.
        const dagar = Math.round(30 + 180 * Math.exp(0.7 * ps.normal()));
        let slut: number | null = start + dagar;
        if (insats.slut && slut > toDays(insats.slut)) slut = toDays(insats.slut);
        if (slut > exportDag) slut = null;
        const felregistrering = ps.uniform() < 0.015;
        if (felregistrering) slut = start + 1 + Math.floor(ps.uniform() * 5);
        const primar = weighted(ps, mg.fore);
        const fore: ForsorjningId[] = [primar];
        if (primar !== "ekonomiskt_bistand" && primar !== "ingen" && ps.uniform() < 0.25) fore.push("ekonomiskt_bistand");
        const sysselsattningFore = weighted(ps, [["arbetssokande", 0.35], ["ingen", 0.45], ["annan", 0.1], ["arbete", 0.05], ["studier", 0.05]] as [string, number][]);
        let efter: ForsorjningId[] | null = null;
        let sysselsattningEfter: string | null = null;
        let avslutsanledning: string | null = null;
        if (felregistrering) {
          avslutsanledning = ETIKETTER[spec.format].felregistrering;
        } else if (slut !== null) {
          avslutsanledning = pick(ps, AVSLUT);
          // About one in ten ended without a recorded outcome.
          if (ps.uniform() >= 0.1) {
            const u = ps.uniform();
            sysselsattningEfter =
              u < mg.arbete ? "arbete" : u < mg.arbete + mg.studier ? "studier" : u < mg.arbete + mg.studier + 0.3 ? "arbetssokande" : u < mg.arbete + mg.studier + 0.4 ? "annan" : "ingen";
            efter =
              sysselsattningEfter === "arbete" ? (ps.uniform() < 0.1 ? ["lon", "ekonomiskt_bistand"] : ["lon"])
              : sysselsattningEfter === "studier" ? ["studiemedel"]
              : sysselsattningEfter === "arbetssokande" ? [ps.uniform() < 0.5 ? "aktivitetsstod" : "arbetsloshetsersattning"]
              : [...fore];
          }
        }
        deltaganden.push({
          person, insats, start: fromDays(start), slut: slut === null ? null : fromDays(slut), avslutsanledning, fore, efter,
          sysselsattningFore, sysselsattningEfter,
        });
      }
    });

    // Anonymous participants: a few per insats and year it ran (SUS registers them per calendar year).
    const as = stream(seed, `anonyma|${spec.id}`);
    for (const insats of individ) {
      for (let ar = Number(insats.start.slice(0, 4)); ar <= Math.min(SISTA_AR, Number((insats.slut ?? EXPORTDATUM).slice(0, 4))); ar++) {
        if (as.uniform() < 0.3) continue;
        anonyma.push({ insats, ar, K: Math.floor(as.uniform() * 4), M: Math.floor(as.uniform() * 3) });
      }
    }

    // Budget and utfall per insats and year: about 30 000 kr per planned place, utfall 80–105 % of budget.
    const es = stream(seed, `ekonomi|${spec.id}`);
    for (const insats of own) {
      for (let ar = Number(insats.start.slice(0, 4)); ar <= Math.min(SISTA_AR, Number((insats.slut ?? EXPORTDATUM).slice(0, 4))); ar++) {
        const bas = insats.inriktning === "strukturovergripande" ? 400_000 : insats.planerade * 30_000;
        const budgetKr = Math.round((bas * (0.9 + 0.2 * es.uniform())) / 1000) * 1000;
        const lines: [string, number][] = insats.esf ? [["Insatskostnad", Math.round(budgetKr * 0.6)], ["ESF Insatskostnad", Math.round(budgetKr * 0.4)]] : [["Insatskostnad", budgetKr]];
        for (const [budgettyp, kr] of lines) {
          const budgetOre = kr * 100;
          ekonomi.push({ insats, ar, budgettyp, budgetOre, utfallOre: Math.round(budgetOre * (0.8 + 0.25 * es.uniform())) });
        }
      }
    }
  }
  const forbundNamn = new Map([...forbund].map(([id, f]) => [id, f.namn]));
  return { insatser, deltaganden, anonyma, ekonomi, forbundNamn, kommuner };
}

/** Uppföljning Finsam's counts: participants (with personal data or anonymous) per insats, year and kön, from 2023. */
export function uppfoljningFinsam(model: DemoModel): { insats: DemoInsats; ar: number; K: number; M: number }[] {
  const out: { insats: DemoInsats; ar: number; K: number; M: number }[] = [];
  for (const insats of model.insatser.filter((x) => x.inriktning === "individinriktad")) {
    for (let ar = UPPFOLJNING_FINSAM_FRAN; ar <= SISTA_AR; ar++) {
      const counts = { K: 0, M: 0 };
      for (const d of model.deltaganden) {
        if (d.insats !== insats || d.avslutsanledning?.toLowerCase().startsWith("felregistr")) continue;
        if (d.start <= `${ar}-12-31` && (d.slut === null || d.slut >= `${ar}-01-01`)) counts[d.person.kon]++;
      }
      for (const a of model.anonyma) if (a.insats === insats && a.ar === ar) (counts.K += a.K), (counts.M += a.M);
      if (counts.K + counts.M > 0) out.push({ insats, ar, ...counts });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Files

function csvField(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Windows-1252's characters outside Latin-1 that the labels use (Buffer's "latin1" would cut U+2013 to 0x13).
const CP1252: Record<string, number> = { "\u2013": 0x96, "\u2014": 0x97, "\u2018": 0x91, "\u2019": 0x92, "\u201c": 0x93, "\u201d": 0x94, "\u20ac": 0x80 };

function windows1252(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (c) => {
      const code = CP1252[c] ?? c.charCodeAt(0);
      if (code > 0xff) throw new Error(`demo: ${JSON.stringify(c)} has no Windows-1252 byte`);
      return code;
    }),
  );
}

function csv(rows: (string | number | null)[][], format: "csv-1252" | "csv-bom"): Buffer {
  const text = `${rows.map((r) => r.map(csvField).join(";")).join("\r\n")}\r\n`;
  return format === "csv-bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]) : windows1252(text);
}

/** Swedish decimal comma and space as thousands separator, as Excel writes money in a Swedish CSV. */
function kronorText(ore: number, tkr = false): string {
  const value = tkr ? ore / 100_000 : ore / 100;
  const [heltal, dec] = value.toFixed(tkr ? 3 : 2).split(".");
  return `${heltal.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${dec}`;
}

const forsorjningText = (ids: ForsorjningId[] | null, format: Format) => (ids ? ids.map((id) => ETIKETTER[format].forsorjning[id]).join(ETIKETTER[format].sep) : "");

export interface SusDemoResult {
  files: string[];
  model: DemoModel;
}

/** Writes the demo export into `out` (e.g. data/demo/sus); returns the files written and the model behind them. */
export function generateSusDemo(options: { out: string; seed?: number; log?: (line: string) => void }): SusDemoResult {
  const log = options.log ?? (() => {});
  const model = buildSusModel(options.seed ?? SUS_SEED);
  const files: string[] = [];
  const write = (rel: string, bytes: Uint8Array | string, rows?: number) => {
    const file = path.join(options.out, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    files.push(file);
    log(`wrote ${file}${rows === undefined ? "" : ` (${rows.toLocaleString("en-US")} rows)`}`);
  };
  const kommunNamn = (kod: string) => model.kommuner.get(kod)!.namn;

  for (const spec of SUS_FORBUND) {
    const insatser = model.insatser.filter((x) => x.forbundId === spec.id);
    const deltaganden = model.deltaganden.filter((d) => d.insats.forbundId === spec.id);
    const anonyma = model.anonyma.filter((a) => a.insats.forbundId === spec.id);
    const ekonomi = model.ekonomi.filter((e) => e.insats.forbundId === spec.id);
    const forbundNamn = model.forbundNamn.get(spec.id)!;
    const insatsRader = (datum: (d: string) => XlsxCell): XlsxCell[][] => [
      ["Insats-ID", "Insatsnamn", "Samverkansorganisation", "Inriktning", "Mätningsmetod", "Startdatum", "Slutdatum", "Målgrupp", "Planerat antal deltagare"],
      ...insatser.map((x) => [
        x.id, x.namn, forbundNamn, x.inriktning === "individinriktad" ? "Individinriktad" : "Strukturövergripande",
        x.matningsmetod === "personuppgifter" ? "Personuppgifter/anonym" : "Endast antal (volyminsats)", datum(x.start), x.slut ? datum(x.slut) : null,
        x.malgrupp?.namn ?? null, x.planerade || null,
      ]),
    ];
    const anonymaRader: (string | number | null)[][] = [["Insats-ID", "Inregistreringsår", "Anonyma kvinnor", "Anonyma män"], ...anonyma.map((a) => [a.insats.id, a.ar, a.K, a.M])];

    if (spec.format === "xlsx") {
      // An Excel workbook: real date cells, kommun codes as numbers (Excel drops the leading zero), twelve-digit
      // numbers, a name column the ingest must drop, no Kön column (kön comes from the numbers).
      const deltagare: XlsxCell[][] = [
        ["Personnummer", "Namn", "Insats-ID", "Folkbokföringskommun", "Startdatum", "Slutdatum", "Avslutsanledning", "Försörjning före", "Försörjning efter", "Sysselsättning före", "Sysselsättning efter"],
        ...deltaganden.map((d) => [
          `${d.person.nummer.slice(0, 8)}-${d.person.nummer.slice(8)}`, `Testperson ${String(d.person.lopnr).padStart(4, "0")}`, d.insats.id, Number(d.person.kommunkod),
          { datum: d.start }, d.slut ? { datum: d.slut } : null, d.avslutsanledning, forsorjningText(d.fore, "xlsx"), forsorjningText(d.efter, "xlsx"),
          SYSS_ETIKETT[d.sysselsattningFore], d.sysselsattningEfter ? SYSS_ETIKETT[d.sysselsattningEfter] : null,
        ] as XlsxCell[]),
      ];
      const budget: XlsxCell[][] = [["Insats-ID", "År", "Budgettyp", "Budget (kr)", "Utfall (kr)"], ...ekonomi.map((e) => [e.insats.id, e.ar, e.budgettyp, e.budgetOre / 100, e.utfallOre / 100])];
      write(
        `SUS_export_${spec.kort}.xlsx`,
        writeXlsx([
          { name: "Deltagare", rows: deltagare },
          { name: "Insatser", rows: [[`Insatser, ${forbundNamn} (demodata)`], [], ...insatsRader((d) => ({ datum: d }))] },
          { name: "Budget", rows: budget },
          { name: "Anonyma", rows: anonymaRader },
        ]),
        deltagare.length - 1,
      );
    } else if (spec.format === "csv-1252") {
      // A CSV saved from Swedish Excel: Windows-1252, `;`, ten-digit numbers with a dash, kommun by name, kön as
      // Kvinna/Man, money in tkr with a decimal comma.
      const e = ETIKETTER[spec.format];
      const deltagare = [
        ["Personnr", "Insatsid", "Kön", "Kommun", "Inskrivningsdatum", "Utskrivningsdatum", "Avslutsorsak", "Försörjningskälla före", "Försörjningskälla efter", "Sysselsättning före", "Sysselsättning efter"],
        ...deltaganden.map((d) => [
          `${d.person.nummer.slice(2, 8)}-${d.person.nummer.slice(8)}`, d.insats.id, e.kon![d.person.kon], kommunNamn(d.person.kommunkod), d.start, d.slut, d.avslutsanledning,
          forsorjningText(d.fore, spec.format), forsorjningText(d.efter, spec.format), SYSS_ETIKETT[d.sysselsattningFore], d.sysselsattningEfter ? SYSS_ETIKETT[d.sysselsattningEfter] : null,
        ]),
      ];
      write(`SUS_deltagare_${spec.kort}.csv`, csv(deltagare, spec.format), deltagare.length - 1);
      write(`SUS_insatser_${spec.kort}.csv`, csv(insatsRader((d) => d) as (string | number | null)[][], spec.format), insatser.length);
      write(`SUS_budget_${spec.kort}.csv`, csv([["Insats-ID", "År", "Budgettyp", "Budget (tkr)", "Utfall (tkr)"], ...ekonomi.map((x) => [x.insats.id, x.ar, x.budgettyp, kronorText(x.budgetOre, true), kronorText(x.utfallOre, true)])], spec.format), ekonomi.length);
      write(`SUS_anonyma_${spec.kort}.csv`, csv(anonymaRader, spec.format), anonyma.length);
    } else {
      // A förbund's own register (no personnummer): UTF-8 with BOM, a löpnummer, kön and birth year, dates with
      // times as Excel writes them, kommun codes; money in kronor without a unit in the header.
      const e = ETIKETTER[spec.format];
      const deltagare = [
        ["Deltagar-ID", "Insats-ID", "Kön", "Födelseår", "Folkbokföringskommun", "Startdatum", "Avslutsdatum", "Avslutsanledning", "Försörjning före", "Försörjning efter", "Sysselsättning före", "Sysselsättning efter"],
        ...deltaganden.map((d) => [
          `U${String(d.person.lopnr).padStart(5, "0")}`, d.insats.id, e.kon![d.person.kon], d.person.fodelsear, d.person.kommunkod, `${d.start} 00:00`, d.slut ? `${d.slut} 00:00` : null,
          d.avslutsanledning, forsorjningText(d.fore, spec.format), forsorjningText(d.efter, spec.format), SYSS_ETIKETT[d.sysselsattningFore],
          d.sysselsattningEfter ? SYSS_ETIKETT[d.sysselsattningEfter] : null,
        ]),
      ];
      write(`deltagarregister_${spec.kort}.csv`, csv(deltagare, spec.format), deltagare.length - 1);
      write(`insatser_${spec.kort}_export.csv`, csv(insatsRader((d) => d) as (string | number | null)[][], spec.format), insatser.length);
      write(`budget_${spec.kort}.csv`, csv([["Insats-ID", "År", "Budgettyp", "Budget", "Utfall"], ...ekonomi.map((x) => [x.insats.id, x.ar, x.budgettyp, kronorText(x.budgetOre), kronorText(x.utfallOre)])], spec.format), ekonomi.length);
      write(`anonyma_${spec.kort}.csv`, csv(anonymaRader, spec.format), anonyma.length);
    }
  }

  const uf = uppfoljningFinsam(model);
  write(
    `uppfoljning_finsam_antal_${UPPFOLJNING_FINSAM_FRAN}-${SISTA_AR}.csv`,
    csv([["Samordningsförbund", "Insats-ID", "Insatsnamn", "År", "Kvinnor", "Män"], ...uf.map((u) => [model.forbundNamn.get(u.insats.forbundId)!, u.insats.id, u.insats.namn, u.ar, u.K, u.M])], "csv-bom"),
    uf.length,
  );
  write(DEMO_MARKER_FILE, demodataMarkdown(model, uf.length));
  return { files, model };
}

function demodataMarkdown(model: DemoModel, ufRader: number): string {
  const rader = SUS_FORBUND.map((spec) => {
    const ins = model.insatser.filter((x) => x.forbundId === spec.id);
    const del = model.deltaganden.filter((d) => d.insats.forbundId === spec.id);
    const fil = spec.format === "xlsx" ? `SUS_export_${spec.kort}.xlsx` : spec.format === "csv-1252" ? `SUS_*_${spec.kort}.csv` : `*_${spec.kort}*.csv`;
    return `| ${spec.id} | ${model.forbundNamn.get(spec.id)} | ${ins.length} | ${del.length} | ${del.filter((d) => d.slut === null).length} | ${del.filter((d) => d.avslutsanledning?.toLowerCase().startsWith("felregistr")).length} | \`${fil}\` |`;
  }).join("\n");
  return `# DEMODATA — syntetisk SUS-liknande export / synthetic SUS-style export

**Svenska.** Filerna i den här katalogen är **påhittade**: insatser, deltagare, belopp och antal för tre
samordningsförbund ur den inbyggda listan (2012), skapade av en slumpgenerator med fast frö
(\`loaders/demo/sus.ts\`, frö ${SUS_SEED}). De beskriver inga verkliga insatser eller personer. Rubrikerna är
**modellerade på SUS fältnamn**, inte kopierade ur en verklig export (inga verkliga exportrubriker har gått att
hitta), och antalen från Uppföljning Finsam följer en **antagen** layout (se \`data/alias/README.md\`).
Personnumren är syntetiska samordningsnummer (födelsedag + 60) med giltig kontrollsiffra; de dras slumpvis och är
inte kopplade till något register, men behandlas vid inläsningen precis som riktiga nummer: de kontrolleras,
ersätts med en nyckelhash och lagras aldrig.

**English.** Synthetic insatser, participants, money and counts for three förbund of the built-in list, generated
deterministically (\`npm run demo-data\`; seed ${SUS_SEED}; the same bytes on every run). Headers are modelled on
SUS field labels, not copied from a real export; the Uppföljning Finsam layout is assumed. Participations run
${FORSTA_AR}–${SISTA_AR}; the export date is ${EXPORTDATUM} (participations running then have no slutdatum).

| förbund | namn | insatser | deltaganden | pågående | Felregistrering | filer |
|---|---|---:|---:|---:|---:|---|
${rader}

Three habits of writing the same data, so that the import is exercised as reality would:

- **RAR i Södermanland** — one Excel workbook (sheets Deltagare, Insatser with a title above the header, Budget,
  Anonyma): real Excel date cells, twelve-digit numbers, a *Namn* column (fake names, dropped at import), no Kön
  column (kön from the number), kommun codes as numbers without their leading zero (480 for 0480), sources
  separated by \`,\`.
- **Blekinge** — CSV saved from Swedish Excel: Windows-1252, \`;\`, ten-digit numbers, kön as Kvinna/Man, kommun by
  name, sources separated by \`|\`, labels such as *Sjukersättning*, *A-kassa*, *Felregistrerad*; money in tkr with a
  decimal comma.
- **Umeå** — the förbund's own register without personnummer: UTF-8 with BOM, a löpnummer, kön K/M and birth year,
  dates with a time (\`2023-01-15 00:00\`), sources separated by \`;\` inside a quoted cell, money in kronor with no
  unit in the header.

Rules of the model (all draws from named streams of the seed):
- 40 insatser: 12 + 12 + 11 individinriktade of 2–5 years starting 2019–2024 (some still running), one small pilot
  in RAR (6 participations) and in Umeå (4) whose cells must be suppressed when published, and one
  strukturövergripande insats per förbund with a budget and no participants.
- Participations per insats in proportion to planned places × active days; about 7 % are a second participation of
  the same person. Målgrupp sets kön, age and the sources before; about a quarter have ekonomiskt bistånd as a
  second source. Durations are log-normal (median about seven months). 1.5 % are closed as Felregistrering; about
  one in ten ended without a recorded outcome; outcome shares depend on the målgrupp (arbete 15–30 %).
- Anonymous participants: 0–3 women and 0–2 men per insats and year it ran (in about 70 % of years).
- Budget about 30 000 kr per planned place and year (400 000 kr for structural insatser), utfall 80–105 %; about a
  fifth of the insatser have an ESF line beside the ordinary one.
- Uppföljning Finsam (${ufRader} rows, ${UPPFOLJNING_FINSAM_FRAN}–${SISTA_AR}): participants with personal data who took part during the
  year plus the anonymous ones, per insats, year and kön — counts only, no outcomes.
`;
}
