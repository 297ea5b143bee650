// README.md of the data package (Swedish, with an English paragraph): the files, the definitions with their formulas,
// the age band, the demo notice, and how to read the files from R, Python and Excel.
import type { PackageLicense, PackageSource } from "./sources.ts";

export interface ReadmeField {
  name: string;
  type: string;
  description: string;
}

export interface ReadmeResource {
  name: string;
  title: string;
  description: string;
  rows: number;
  fields: ReadmeField[];
}

export interface ReadmeInput {
  created: string;
  settings: Map<string, string>;
  resources: ReadmeResource[];
  skipped: { name: string; reason: string }[];
  sources: PackageSource[];
  licenses: PackageLicense[];
}

/** The address `npm run serve` serves the package at; on another host the part before /data changes. */
export const SERVED_BASE = "http://127.0.0.1:3000/data";

const TYP: Record<string, string> = { string: "text", integer: "heltal", number: "tal", boolean: "sant/falskt", date: "datum" };

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function readmeText(input: ReadmeInput): string {
  const s = input.settings;
  const fran = s.get("alder_fran") ?? "16";
  const till = s.get("alder_till") ?? "64";
  const demo = (s.get("demodata") ?? "").trim().toLowerCase() === "ja";
  const totalt = (s.get("totalt_ersattningar") ?? "").split(",").filter(Boolean);
  const lines: string[] = [];
  const p = (...text: string[]) => lines.push(...text, "");

  p("# Försörjningsmåttet — öppna data", `Datapaketet skapades ${input.created} ur databasens offentliga vyer (\`npm run export\`). Beskrivningen för program finns i \`datapackage.json\` (Frictionless Data Package).`);
  if (demo) {
    p(
      "> **Demodata.** Databasen innehåller syntetiska utbetalningar från projektets demogenerator (befolkningen bygger på verkliga SCB-siffror). Siffrorna visar hur verktyget fungerar och får inte användas för slutsatser om någon kommun.",
    );
  }
  p(
    `**Åldersband:** befolkningen i försörjningsmåttet är ${fran}–${till} år (inklusive). Helårsekvivalenternas andel räknas mot 20–64 år.` +
      (totalt.length && totalt.length < 6 ? ` **Totalt** följer förbundets egen definition: ${totalt.join(", ")}.` : ""),
  );

  p("## Filer", "Varje tabell finns som CSV och som Parquet med samma kolumner och rader, sorterade på nyckeln.");
  lines.push("| tabell | innehåll | rader | filer |", "|---|---|---:|---|");
  for (const r of input.resources) lines.push(`| \`${r.name}\` | ${cell(r.title)} | ${thousands(r.rows)} | [${r.name}.csv](${r.name}.csv), [${r.name}.parquet](${r.name}.parquet) |`);
  lines.push("");
  for (const k of input.skipped) p(`Ingår inte: \`${k.name}\` — ${k.reason}.`);
  p(
    "Inga uppgifter om enskilda deltagare finns i paketet, och inga celler som webbplatsen döljer av röjandeskäl. Insatsernas resultat läggs till först när röjandeskyddet är kopplat till exporten.",
  );

  p(
    "## Format",
    "- **CSV**: UTF-8 utan BOM, kommatecken mellan fälten, punkt som decimaltecken, en rubrikrad, radslut LF, citattecken bara där ett fält kräver det. Tomt fält = värde saknas. Sant/falskt skrivs `true`/`false`, datum `ÅÅÅÅ-MM-DD`. Det är maskinläsbar standard-CSV — **inte** samma som webbplatsens CSV-nedladdningar, som har semikolon och decimalkomma för svenskt Excel.",
    "- **Parquet**: samma tabeller med exakta typer: belopp som DECIMAL (exakta öre), kvoter som DOUBLE i full precision, koder som text.",
    "- Koder (`regionkod`, `kommunkod`, `lanskod`) är text med inledande nollor (`0180`): läs dem som text, inte som tal.",
    "- Värden är oavrundade; webbplatsen avrundar bara när den visar dem (2 decimaler).",
  );

  p(
    "## Definitioner",
    `- **Försörjningsmåttet**: \`kr_per_invanare_och_dag = Σ belopp_kr / (Σ befolkning × dagar)\` — utbetalda kronor per invånare ${fran}–${till} år och dag under perioden.`,
    "- **Perioder**: halvår `ÅÅÅÅH1` (januari–juni, 181 dagar, 182 skottår) och `ÅÅÅÅH2` (juli–december, 184 dagar), och kalenderår `ÅÅÅÅ` (365 eller 366 dagar); ett år finns bara när hela året täcks.",
    "- **Befolkning**: halvår interpoleras mellan befolkningen den 31 december före och efter, `H1 = 0,75·P(år−1) + 0,25·P(år)` och `H2 = 0,25·P(år−1) + 0,75·P(år)`; år `0,5·P(år−1) + 0,5·P(år)`; där `P(år)` ännu inte finns används `P(år−1)` och värdet är `preliminar`.",
    "- **Län, riket och förbund**: kvoten av summorna över medlemskommunerna med värde (aldrig ett medelvärde av kommunernas kvoter); en kommun räknas för ett förbund när medlemskapet gäller periodens första dag. `antal_kommuner` mot `antal_kommuner_i_regionen` visar täckningen.",
    "- **Kön**: `T = K + M` där källan bara delar upp på kvinnor och män; ekonomiskt bistånd finns bara för `T`.",
    `- **Grupper**: \`ohalsa\` = sjukpenning + sjuk_och_aktivitetsersattning, \`arbetsmarknad\` = arbetsloshetsersattning + aktivitetsstod + etableringsersattning, \`totalt\` = ${totalt.length ? totalt.join(" + ") : "alla sex"}; en grupp summerar de medlemmar som är i omfattning under perioden (\`grupp_omfattning\`, kolumnen \`omfattning\`), och en kommun har ett gruppvärde bara när den har värden för alla dem.`,
    "- **Helårsekvivalenter**: `andel = helarsekvivalenter / befolkning_20_64`, med SCB:s månadsvärden i medeltal över halvåret eller året.",
    "- **Statens fördelningsmodell (förenklad)**: `beraknad_tilldelning_kr = G + (B − n·G) × (vikt_belopp · belopp/Σbelopp + vikt_befolkning · befolkning/Σbefolkning)`, med B, G och vikterna i kolumnerna och i `installning`; ett förbund utan data får G (`utan_data`).",
    "- **Medlemsandelar**: `andel = nyckel / Σ nyckel` över förbundets medlemskommuner, där nyckeln är befolkningen den 31 december före budgetåret eller förbundets egen nyckel.",
  );

  p(
    "## Läsa in",
    `Webbplatsen serverar paketet under \`/data/\`, med \`npm run serve\` på \`${SERVED_BASE}/\`. Byt adressen mot webbplatsens om den ligger någon annanstans, eller använd filerna direkt från disken.`,
  );
  p(
    "**R**",
    "```r",
    `bas <- "${SERVED_BASE}"`,
    'fm <- readr::read_csv(paste0(bas, "/forsorjningsmatt.csv"),',
    '                      col_types = readr::cols(regionkod = "c", period = "c", .default = readr::col_guess()))',
    "# Parquet med exakta typer (arrow läser lokala filer):",
    'download.file(paste0(bas, "/forsorjningsmatt.parquet"), "forsorjningsmatt.parquet", mode = "wb")',
    'fm <- arrow::read_parquet("forsorjningsmatt.parquet")',
    "# Hela paketet med beskrivningarna (CSV-resurserna):",
    'paket <- frictionless::read_package(paste0(bas, "/datapackage.json"))',
    'fm <- frictionless::read_resource(paket, "forsorjningsmatt")',
    "```",
  );
  p(
    "**Python**",
    "```python",
    "import pandas as pd",
    `bas = "${SERVED_BASE}"`,
    'fm = pd.read_parquet(f"{bas}/forsorjningsmatt.parquet")   # pyarrow; exakta typer',
    'fm = pd.read_csv(f"{bas}/forsorjningsmatt.csv", dtype={"regionkod": str, "period": str})',
    "",
    "import duckdb",
    'duckdb.sql("SELECT * FROM \'forsorjningsmatt.parquet\' WHERE regiontyp = \'lan\'")   # en nedladdad fil;',
    "# för http-adresser behöver DuckDB tillägget httpfs",
    "```",
  );
  p(
    "**Excel (Från webben / Power Query)**",
    `1. Data → Hämta data → Från annan källa → **Från webben**, adress \`${SERVED_BASE}/forsorjningsmatt.csv\`.`,
    "2. I förhandsgranskningen: Filursprung **65001: Unicode (UTF-8)**, Avgränsare **Komma**, Identifiering av datatyp **Identifiera inte datatyper** — välj sedan **Transformera data**.",
    "3. Sätt `regionkod` (och `kommunkod`, `period`) till **Text**, så att inledande nollor står kvar.",
    "4. Talkolumnerna har punkt som decimaltecken: markera dem, högerklicka → Ändra typ → **Använda nationella inställningar…** → Decimaltal, **Engelska (USA)**. Stäng och läs in.",
    "",
    "Uppdatera tabellen (Data → Uppdatera allt) när webbplatsen har byggts om med nya siffror.",
  );

  p("## Kolumner");
  for (const r of input.resources) {
    p(`### ${r.name}`, r.description);
    lines.push("| kolumn | typ | beskrivning |", "|---|---|---|");
    for (const f of r.fields) lines.push(`| \`${f.name}\` | ${TYP[f.type] ?? f.type} | ${cell(f.description)} |`);
    lines.push("");
  }

  p("## Källor och licenser", "Licenserna gäller källdata; varje källa anges i `datapackage.json` (`sources`, `licenses`) och varje inläst fil i `kallor`.");
  for (const src of input.sources) lines.push(`- ${src.title}${src.path ? ` (${src.path})` : ""}`);
  lines.push("");
  for (const l of input.licenses) lines.push(`- \`${l.name}\`: ${l.title}${l.path ? ` (${l.path})` : ""}`);
  lines.push("");

  p(
    "## English",
    `Open data of *försörjningsmåttet* — kronor of public support (sickness, disability, unemployment and labour-market benefits, introduction benefit, social assistance) paid per inhabitant aged ${fran}–${till} per day — for every kommun, län, Sweden and samordningsförbund, by half-year and calendar year, benefit and sex, with SCB's full-year equivalents, the state's allocation model for the förbund and the members' shares. Each table comes as CSV (UTF-8, comma-separated, \`.\` as decimal point — the machine-readable standard form, unlike the site's semicolon/decimal-comma downloads for Swedish Excel) and as Parquet (exact decimal amounts). \`datapackage.json\` describes every file and field (Frictionless Data Package, tabular-data-package profile); codes such as \`regionkod\` are text with leading zeros. No participant-level data and no suppressed cell is in the package.` +
      (demo ? " **These are demo data: the payouts are synthetic.**" : ""),
  );
  // A blank line after every heading, at most one blank line anywhere.
  const text = lines.join("\n").replace(/^(#+ .*)\n(?!\n)/gm, "$1\n\n").replace(/\n{3,}/g, "\n\n");
  return `${text.trimEnd()}\n`;
}
