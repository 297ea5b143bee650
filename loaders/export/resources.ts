// The resources of the data package: which public view each file comes from, its columns (explicit, so a view that
// gains a column does not change the file), its order and the Swedish description of every field. Every SELECT reads
// only relations of the allow-list in guard.ts; the exporter checks that on DuckDB's parse of the SQL.
import { publishInsatsResultat } from "./insatser.ts";
import type { ExportResource } from "./types.ts";

const REGIONTYP = "Regiontyp: kommun, lan (län), riket eller forbund (samordningsförbund).";
const REGIONKOD =
  "Regionens kod: kommunkod med 4 tecken (0180), länskod med 2 tecken (01), 00 för riket eller förbundets id som det angavs. Text — behåll inledande nollor.";
const PERIOD = "Period: halvår ÅÅÅÅH1 (januari–juni) eller ÅÅÅÅH2 (juli–december), eller kalenderår ÅÅÅÅ.";
const ERSATTNING =
  "Ersättning: sjukpenning, sjuk_och_aktivitetsersattning, arbetsloshetsersattning, aktivitetsstod, etableringsersattning, ekonomiskt_bistand, eller en grupp: ohalsa, arbetsmarknad, totalt.";
const KON = "Kön: K (kvinnor), M (män), T (kvinnor och män).";
const KOMMUNKOD = "Kommunkod med 4 tecken (0180). Text — behåll inledande nollor.";
const FORBUND_ID = "Samordningsförbundets id som det angavs i förbundslistan.";

const FORSORJNINGSMATT_FIELDS: Record<string, string> = {
  regiontyp: REGIONTYP,
  regionkod: REGIONKOD,
  regionnamn: "Regionens namn (Riket för riket).",
  period: PERIOD,
  ersattning: ERSATTNING,
  kon: KON,
  belopp_kr:
    "Utbetalt belopp i kronor under perioden, summerat över regionens medlemskommuner med värde. Exakt decimaltal med två decimaler (öre).",
  befolkning:
    "Befolkningen i åldersbandet (installning alder_fran–alder_till) för perioden: halvår interpolerat mellan årsskiftena, år som medelvärdet av årsskiftena; summerad över samma kommuner. Två decimaler.",
  dagar: "Antal dagar i perioden: 181 eller 182 (H1), 184 (H2), 365 eller 366 (år).",
  kr_per_invanare_och_dag:
    "Försörjningsmåttet: belopp_kr / (befolkning × dagar), kronor per invånare i åldersbandet och dag. Full precision, inte avrundat.",
  preliminar:
    "true när befolkningen vid periodens slut ännu inte är publicerad och föregående årsskiftes befolkning används i stället.",
  antal_kommuner: "Antal medlemskommuner (eller delområden) med värde som ingår i summan.",
  antal_kommuner_i_regionen:
    "Antal medlemskommuner (eller delområden) i regionen under perioden. Är antal_kommuner mindre är täckningen ofullständig.",
  omfattning:
    "Ersättningarna som värdet omfattar, med | emellan: för en grupp de medlemmar som underlaget har värden för under perioden (se grupp_omfattning), för en enskild ersättning den själv.",
  antal_ersattningar_i_omfattning: "Antal ersättningar i omfattning.",
  antal_ersattningar_i_gruppen:
    "Antal ersättningar i gruppens definition (1 för en enskild ersättning). Större än antal_ersattningar_i_omfattning när någon ersättning saknas i underlaget för perioden.",
};

const INSTALLNING_BESKRIVNING: Record<string, string> = {
  alder_fran: "Åldersbandets nedre gräns (år) för försörjningsmåttets befolkning.",
  alder_till: "Åldersbandets övre gräns (år, inklusive) för försörjningsmåttets befolkning.",
  demodata: "ja när databasen innehåller syntetiska demodata (påhittade utbetalningar), annars nej.",
  forbund_kalla: "Varifrån förbundslistan kommer: den inbyggda listan från juni 2012 eller egna forbund*.csv-filer.",
  totalt_ersattningar: "Ersättningarna som gruppen totalt summerar (förbundets egen definition eller alla sex).",
  fordelning_budget_kr: "Statens fördelningsmodell: budgeten B för alla förbund ett år, kr.",
  fordelning_grundbelopp_kr: "Statens fördelningsmodell: grundbeloppet G per förbund, kr.",
  fordelning_vikt_belopp: "Statens fördelningsmodell: vikten för andelen utbetalt belopp.",
  fordelning_vikt_befolkning: "Statens fördelningsmodell: vikten för andelen befolkning.",
  medlemsandel_alder_fran: "Medlemsandelar: befolkningsnyckelns nedre åldersgräns.",
  medlemsandel_alder_till: "Medlemsandelar: befolkningsnyckelns övre åldersgräns (inklusive).",
  medlemsandel_befolkning_ar_fore: "Medlemsandelar: nyckeln är befolkningen den 31 december så många år före budgetåret.",
  schemaversion: "Den inkrementella inläsningen: version av databasens tabeller och beräkningar (en kontrollsumma).",
  datakatalog: "Den inkrementella inläsningen: vilken datakatalog databasen lästes från (en kontrollsumma, aldrig sökvägen).",
  ovrigt_underlag: "Den inkrementella inläsningen: kontrollsumma över övriga filer, inställningar och referensdata.",
};

/** A relative file name as stored, never a user's absolute path or a path out of the data folder. */
const SAFE_FIL = `CASE
      WHEN fil LIKE '/%' OR fil LIKE '\\%' OR regexp_matches(fil, '^[A-Za-z]:') OR regexp_matches(replace(fil, '\\', '/'), '(^|/)[.][.](/|$)')
        THEN regexp_extract(replace(fil, '\\', '/'), '[^/]*$')
      ELSE replace(fil, '\\', '/')
    END`;

const installningValues = Object.entries(INSTALLNING_BESKRIVNING)
  .map(([k, v]) => `('${k}', '${v.replaceAll("'", "''")}')`)
  .join(",\n      ");

/** Every resource of the package, in the order of datapackage.json and README.md. */
export const RESOURCES: ExportResource[] = [
  {
    name: "forsorjningsmatt",
    title: "Försörjningsmåttet per region, period, ersättning och kön",
    description:
      "Kronor i utbetald offentlig försörjning per invånare i åldersbandet och dag, för kommuner, län, riket och samordningsförbund, halvår och kalenderår, med täckning (antal kommuner med värde) och gruppernas omfattning. Vyn forsorjningsmatt_utokad.",
    select: `SELECT
    f.regiontyp, f.regionkod, f.regionnamn, f.period, f.ersattning, f.kon,
    f.belopp_kr, f.befolkning, f.dagar, f.kr_per_invanare_och_dag, f.preliminar,
    f.antal_kommuner, f.antal_kommuner_i_regionen,
    coalesce(o.omfattning, f.ersattning) AS omfattning,
    CAST(coalesce(o.antal_i_omfattning, 1) AS INTEGER) AS antal_ersattningar_i_omfattning,
    CAST(coalesce(o.antal_medlemmar, 1) AS INTEGER) AS antal_ersattningar_i_gruppen
  FROM forsorjningsmatt_utokad AS f
  LEFT JOIN (
    SELECT g.period, g.grupp,
      coalesce(string_agg(g.ersattning, '|' ORDER BY t.ordning, g.ersattning) FILTER (WHERE g.i_omfattning), '') AS omfattning,
      any_value(g.antal_i_omfattning) AS antal_i_omfattning,
      any_value(g.antal_medlemmar) AS antal_medlemmar
    FROM grupp_omfattning AS g
    LEFT JOIN ersattning_typ AS t ON t.ersattning = g.ersattning
    GROUP BY g.period, g.grupp
  ) AS o ON o.period = f.period AND o.grupp = f.ersattning`,
    orderBy: ["regiontyp", "regionkod", "period", "ersattning", "kon"],
    primaryKey: ["regiontyp", "regionkod", "period", "ersattning", "kon"],
    fields: FORSORJNINGSMATT_FIELDS,
  },
  {
    name: "forsorjningsmatt_delomrade",
    title: "Försörjningsmåttet för områden under kommun",
    description:
      "Stadsdelar, valdistrikt och förbundsområden som en källa ger värden för (SCB:s leverans på finsam.se), var för sig under sin kommun. Vyn forsorjningsmatt_delomrade. Finns bara när underlaget har sådana områden.",
    select: `SELECT regiontyp, regionkod, regionnamn, kommunkod, period, ersattning, kon, belopp_kr, befolkning, dagar,
    kr_per_invanare_och_dag, preliminar
  FROM forsorjningsmatt_delomrade`,
    orderBy: ["regiontyp", "kommunkod", "regionkod", "period", "ersattning", "kon"],
    primaryKey: ["regiontyp", "kommunkod", "regionkod", "period", "ersattning", "kon"],
    fields: {
      regiontyp: "Typ av område: stadsdel, valdistrikt eller forbundsomrade.",
      regionkod: "Områdets kod enligt källan (namnet där källan inte ger någon kod).",
      regionnamn: "Områdets namn.",
      kommunkod: "Kommunen som området ligger i (4 tecken).",
      period: PERIOD,
      ersattning: ERSATTNING,
      kon: KON,
      belopp_kr: "Utbetalt belopp i kronor under perioden i området. Exakt decimaltal med två decimaler.",
      befolkning: "Befolkningen i åldersbandet som källan anger för området. Två decimaler.",
      dagar: FORSORJNINGSMATT_FIELDS.dagar,
      kr_per_invanare_och_dag: FORSORJNINGSMATT_FIELDS.kr_per_invanare_och_dag,
      preliminar: FORSORJNINGSMATT_FIELDS.preliminar,
    },
    skipWhenEmpty: true,
  },
  {
    name: "helarsekvivalenter",
    title: "Helårsekvivalenter (SCB) per region, period, ersättning och kön",
    description:
      "Antal personer 20–64 år som försörjs ett helt år av ersättningen (SCB), månadsvärden i medeltal över halvåret eller året, och som andel av befolkningen 20–64 år. Vyn helarsekvivalenter. Tom när inga helårsekvivalenter är inlästa.",
    select: `SELECT regiontyp, regionkod, period, ersattning, kon, helarsekvivalenter, befolkning_20_64, andel
  FROM helarsekvivalenter`,
    orderBy: ["regiontyp", "regionkod", "period", "ersattning", "kon"],
    primaryKey: ["regiontyp", "regionkod", "period", "ersattning", "kon"],
    fields: {
      regiontyp: REGIONTYP,
      regionkod: REGIONKOD,
      period: PERIOD,
      ersattning: "Ersättning enligt SCB:s indelning (samma id som i forsorjningsmatt).",
      kon: KON,
      helarsekvivalenter:
        "Helårsekvivalenter: månadsvärdena i medeltal över halvåret (alla sex månader krävs) eller året (alla tolv), summerat över regionens kommuner.",
      befolkning_20_64: "Befolkningen 20–64 år, interpolerad till perioden som i forsorjningsmatt, summerad över samma kommuner.",
      andel: "helarsekvivalenter / befolkning_20_64.",
    },
  },
  {
    name: "statens_fordelning",
    title: "Statens fördelningsmodell per förbund och år (förenklad)",
    description:
      "Beräknad tilldelning enligt statens fördelningsmodell (förenklad): G + (B − n·G) × (vikt_belopp · andel_belopp + vikt_befolkning · andel_befolkning), med inställningarna som användes och flaggan utan_data. Den verkliga modellen har också golv och tak som inte räknas här. Vyn statens_fordelning_utokad.",
    select: `SELECT s.ar, s.forbund_id, f.forbund_namn, s.belopp_kr, s.befolkning, s.andel_belopp, s.andel_befolkning,
    s.beraknad_tilldelning_kr, s.utan_data, s.antal_forbund, s.antal_enheter_med_belopp, s.antal_enheter,
    s.budget_kr, s.grundbelopp_kr, s.vikt_belopp, s.vikt_befolkning
  FROM statens_fordelning_utokad AS s
  LEFT JOIN forbund AS f ON f.forbund_id = s.forbund_id`,
    orderBy: ["ar", "forbund_id"],
    primaryKey: ["ar", "forbund_id"],
    fields: {
      ar: "Dataåret (kalenderår) som utbetalningar och befolkning avser.",
      forbund_id: FORBUND_ID,
      forbund_namn: "Förbundets namn.",
      belopp_kr:
        "Utbetalt belopp i kronor under året i förbundets medlemskommuner (medlemskap 1 januari): alla ersättningar i omfattning, kön T. Tomt när förbundet saknar data.",
      befolkning: "Befolkningen i åldersbandet den 31 december dataåret i medlemskommunerna.",
      andel_belopp: "Förbundets andel av belopp_kr summerat över förbunden med data.",
      andel_befolkning: "Förbundets andel av befolkningen summerad över förbunden med data.",
      beraknad_tilldelning_kr:
        "Beräknad tilldelning i kronor: grundbelopp_kr + (budget_kr − antal_forbund · grundbelopp_kr) × (vikt_belopp · andel_belopp + vikt_befolkning · andel_befolkning); grundbelopp_kr ensamt när utan_data.",
      utan_data: "true när förbundet saknar utbetalningar i underlaget för året och därför bara får grundbeloppet.",
      antal_forbund: "n: antal förbund som finns året (ett medlemskap giltigt 1 januari).",
      antal_enheter_med_belopp: "Antal medlemskommuner (eller delområden) med belopp.",
      antal_enheter: "Antal medlemskommuner (eller delområden) i förbundet.",
      budget_kr: "Inställningen B: statens budget för alla förbund ett år, kronor.",
      grundbelopp_kr: "Inställningen G: grundbelopp per förbund, kronor.",
      vikt_belopp: "Inställningen: vikten för andelen utbetalt belopp.",
      vikt_befolkning: "Inställningen: vikten för andelen befolkning.",
    },
  },
  {
    name: "medlemsandel",
    title: "Medlemsandelar: kommunernas fjärdedel av förbundets budget",
    description:
      "Hur kommunernas fjärdedel av ett förbunds budget fördelas mellan medlemskommunerna (lag 2003:1210 5 §): efter befolkningen i nyckelns åldersband den 31 december före budgetåret, eller förbundets egen nyckel. Vyn medlemsandel_utokad.",
    select: `SELECT m.forbund_id, f.forbund_namn, m.ar, m.kommunkod, k.kommunnamn, m.befolkning, m.andel, m.nyckel, m.nyckeltyp
  FROM medlemsandel_utokad AS m
  LEFT JOIN forbund AS f ON f.forbund_id = m.forbund_id
  LEFT JOIN kommun AS k ON k.kommunkod = m.kommunkod`,
    orderBy: ["forbund_id", "ar", "kommunkod"],
    primaryKey: ["forbund_id", "ar", "kommunkod"],
    fields: {
      forbund_id: FORBUND_ID,
      forbund_namn: "Förbundets namn.",
      ar: "Budgetåret (medlemskap giltigt 1 januari).",
      kommunkod: KOMMUNKOD,
      kommunnamn: "Kommunens namn.",
      befolkning:
        "Befolkningen i nyckelns åldersband den 31 december före budgetåret (installning medlemsandel_*). Tomt när förbundets egen nyckel används.",
      andel: "Kommunens andel: nyckel / summan av förbundets nycklar för året.",
      nyckel: "Nyckelns värde: befolkningen, eller värdet i förbundets egen nyckelfil.",
      nyckeltyp: "befolkning, eller egen_nyckel (förbundets medlemsnyckel*.csv).",
    },
  },
  {
    name: "grupp_omfattning",
    title: "Gruppernas omfattning per period",
    description:
      "Vilka ersättningar grupperna ohalsa, arbetsmarknad och totalt omfattar under varje period: en ersättning är i omfattning när underlaget har ett värde för den för minst en kommun under perioden. Vyn grupp_omfattning.",
    select: `SELECT period, grupp, ersattning, i_omfattning, antal_i_omfattning, antal_medlemmar FROM grupp_omfattning`,
    orderBy: ["period", "grupp", "ersattning"],
    primaryKey: ["period", "grupp", "ersattning"],
    fields: {
      period: PERIOD,
      grupp: "Gruppen: ohalsa, arbetsmarknad eller totalt.",
      ersattning: "En ersättning i gruppens definition.",
      i_omfattning: "true när underlaget har ett värde för ersättningen för minst en kommun under perioden (oavsett kön).",
      antal_i_omfattning: "Antal av gruppens ersättningar som är i omfattning under perioden.",
      antal_medlemmar: "Antal ersättningar i gruppens definition.",
    },
  },
  {
    name: "regioner",
    title: "Regioner och deras medlemskommuner",
    description:
      "Kommuner, län, riket och samordningsförbund med namn, en rad per region och medlemskommun: länet för varje kommun och förbundens medlemskap med datum. Tabellerna kommun, lan, forbund och forbund_medlem.",
    select: `SELECT 'kommun' AS regiontyp, k.kommunkod AS regionkod, k.kommunnamn AS regionnamn, k.kommunkod, k.kommunnamn,
      k.lanskod, l.lansnamn, CAST(NULL AS DATE) AS fran, CAST(NULL AS DATE) AS till, CAST(NULL AS VARCHAR) AS delomrade
    FROM kommun AS k JOIN lan AS l ON l.lanskod = k.lanskod
  UNION ALL
  SELECT 'lan', l.lanskod, l.lansnamn, k.kommunkod, k.kommunnamn, k.lanskod, l.lansnamn, NULL, NULL, NULL
    FROM kommun AS k JOIN lan AS l ON l.lanskod = k.lanskod
  UNION ALL
  SELECT 'riket', '00', 'Riket', k.kommunkod, k.kommunnamn, k.lanskod, l.lansnamn, NULL, NULL, NULL
    FROM kommun AS k JOIN lan AS l ON l.lanskod = k.lanskod
  UNION ALL
  SELECT 'forbund', f.forbund_id, f.forbund_namn, m.kommunkod, k.kommunnamn, k.lanskod, l.lansnamn, m.fran, m.till, m.delomrade
    FROM forbund_medlem AS m
    JOIN forbund AS f ON f.forbund_id = m.forbund_id
    LEFT JOIN kommun AS k ON k.kommunkod = m.kommunkod
    LEFT JOIN lan AS l ON l.lanskod = k.lanskod`,
    orderBy: ["regiontyp", "regionkod", "kommunkod", "fran", "till", "delomrade"],
    fields: {
      regiontyp: REGIONTYP,
      regionkod: REGIONKOD,
      regionnamn: "Regionens namn (Riket för riket).",
      kommunkod: "En medlemskommun i regionen (för en kommun: kommunen själv). 4 tecken.",
      kommunnamn: "Medlemskommunens namn.",
      lanskod: "Länet som medlemskommunen ligger i (2 tecken).",
      lansnamn: "Länets namn.",
      fran: "Förbund: medlemskapet gäller från och med detta datum. Tomt: sedan före den första perioden i underlaget.",
      till: "Förbund: medlemskapet gäller till och med detta datum. Tomt: gäller fortfarande.",
      delomrade:
        "Förbund som bara omfattar en del av kommunen: delområdet (t.ex. Hisingen). Räknas aldrig med hela kommunens värden.",
    },
  },
  {
    name: "kallor",
    title: "Inlästa filer",
    description:
      "Varje fil som inläsningen läste: filnamn relativt datakatalogen, läsaren (källformatet), hämtningsdatum och SHA-256. Tabellen inlast_fil, utan användarens absoluta sökvägar. De inbyggda referensdata (kommuner, län, förbund 2012) står i datapackage.json under sources.",
    select: `SELECT fil_id, ${SAFE_FIL} AS fil, kalla, hamtad, sha256, rader_lasta, rader_inlasta FROM inlast_fil`,
    orderBy: ["fil_id"],
    primaryKey: ["fil_id"],
    fields: {
      fil_id: "Filens nummer i databasen.",
      fil: "Filens sökväg relativt datakatalogen, med / mellan mappar (aldrig en absolut sökväg).",
      kalla: "Läsaren som läste filen: kanonisk, scb-pxweb, forsakringskassan, socialstyrelsen, akassa, kolada eller mappning.",
      hamtad: "Hämtningsdatum, från mappen data/raw/<källa>/<ÅÅÅÅ-MM-DD>/. Tomt när det är okänt.",
      sha256: "SHA-256 av filens innehåll (hex).",
      rader_lasta: "Antal rader som lästes i filen.",
      rader_inlasta: "Antal rader som lästes in i databasen.",
    },
  },
  {
    name: "installning",
    title: "Databasens inställningar",
    description:
      "Inställningarna som databasen byggdes med: åldersband, demodata, förbundslistans ursprung, totalt-definitionen och förbundsekonomins inställningar. Tabellen installning.",
    select: `SELECT i.nyckel, i.varde, coalesce(b.beskrivning, 'Inställning utan beskrivning i exporten.') AS beskrivning
  FROM installning AS i
  LEFT JOIN (VALUES
      ${installningValues}
    ) AS b(nyckel, beskrivning) ON b.nyckel = i.nyckel`,
    orderBy: ["nyckel"],
    primaryKey: ["nyckel"],
    fields: {
      nyckel: "Inställningens namn.",
      varde: "Inställningens värde (text).",
      beskrivning: "Vad inställningen betyder.",
    },
  },
  {
    name: "insats_resultat",
    title: "Insatsernas resultat per insats, period och kön (röjandeskyddat)",
    description:
      "Deltagare och utfall per insats, period (ÅÅÅÅ och alla) och kön, med celler under 5 personer undertryckta som på webbplatsen. Vyn insats_resultat, efter röjandeskyddet.",
    select: `SELECT insats_id, period, kon, startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier,
    andel_arbete_eller_studier, wilson_lag, wilson_hog, anonyma, deltagare_under_perioden, utfall_kr, kostnad_per_deltagare
  FROM insats_resultat`,
    orderBy: ["insats_id", "period", "kon"],
    primaryKey: ["insats_id", "period", "kon"],
    fields: {
      insats_id: "Insatsens id.",
      period: "Kalenderår ÅÅÅÅ, eller alla för hela underlaget.",
      kon: KON,
      startade: "Deltaganden med startdatum under perioden. Tomt när cellen är undertryckt (färre än 5 personer).",
      avslutade: "Deltaganden med slutdatum under perioden. Tomt när undertryckt.",
      pagaende: "Deltaganden som startat senast periodens sista dag och inte avslutats då. Tomt när undertryckt.",
      avslutade_med_uppgift: "Avslutade med uppgift om sysselsättning efter. Tomt när undertryckt.",
      till_arbete_eller_studier: "Avslutade vars sysselsättning efter är arbete eller studier. Tomt när undertryckt.",
      andel_arbete_eller_studier: "till_arbete_eller_studier / avslutade_med_uppgift. Tomt när undertryckt eller när nämnaren är 0.",
      wilson_lag: "Nedre gräns för 95 % Wilson-intervall för andelen.",
      wilson_hog: "Övre gräns för 95 % Wilson-intervall för andelen.",
      anonyma: "Anonyma deltagare registrerade för periodens år. Tomt när undertryckt.",
      deltagare_under_perioden: "Deltaganden som överlappar perioden, plus de anonyma. Tomt när undertryckt.",
      utfall_kr: "Insatsens kostnad (utfall) för periodens år, kronor. Tomt på raderna för K och M.",
      kostnad_per_deltagare: "utfall_kr / deltagare_under_perioden. Tomt på raderna för K och M.",
    },
    optional: true,
    skipWhenEmpty: true,
    publish: publishInsatsResultat,
  },
];
