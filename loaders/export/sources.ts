// Sources and licences of the data in a package, from what the database says it holds (inlast_fil, installning)
// and what the reference data's PROVENANCE files record. Where a licence is not known here it says so
// ("notspecified", or the condition in words) instead of guessing.

export interface PackageLicense {
  name: string;
  path?: string;
  title: string;
}

export interface PackageSource {
  title: string;
  path?: string;
}

/** A file read by the ingest, as the package sees it. */
export interface LoadedFile {
  kalla: string;
  hamtad: string | null;
}

interface Publisher {
  /** Who publishes the data this reader reads. */
  title: string;
  path?: string;
  license: PackageLicense;
}

const CC0: PackageLicense = {
  name: "CC0-1.0",
  path: "https://creativecommons.org/publicdomain/zero/1.0/",
  title:
    "CC0 1.0 — SCB:s öppna data (befolkning, helårsekvivalenter, kommun- och länskoder). SCB använder CC0 för sina maskinläsbara öppna data sedan 2021-07-01; källangivelse \"Källa: SCB\" är frivillig.",
};

/** The publishers behind each reader (loaders/sources/*.ts, the kalla column of inlast_fil). */
const PUBLISHERS: Record<string, Publisher> = {
  "scb-pxweb": { title: "SCB, Statistikdatabasen (folkmängd, helårsekvivalenter)", path: "https://www.statistikdatabasen.scb.se/", license: CC0 },
  forsakringskassan: {
    title: "Försäkringskassan, statistik och öppna data (utbetalningar)",
    path: "https://www.forsakringskassan.se/",
    license: {
      name: "other-open",
      title: "Försäkringskassans öppna data: publicerade som öppna data; de exakta licensvillkoren är inte kontrollerade i det här projektet.",
    },
  },
  socialstyrelsen: {
    title: "Socialstyrelsen, statistikdatabasen (ekonomiskt bistånd)",
    path: "https://www.socialstyrelsen.se/",
    license: {
      name: "notspecified",
      title: "Socialstyrelsens statistikdatabas: officiell statistik; licensen är inte angiven i underlaget eller kontrollerad i det här projektet — ange källan.",
    },
  },
  akassa: {
    title: "Arbetslöshetsersättning per kommun (IAF / arbetslöshetskassorna)",
    path: "https://www.iaf.se/",
    license: {
      name: "notspecified",
      title: "Arbetslöshetsersättning (IAF / arbetslöshetskassorna): licensen är okänd i det här projektet.",
    },
  },
  kolada: {
    title: "Kolada (RKA), nyckeltal per kommun",
    path: "https://www.kolada.se/",
    license: {
      name: "CC-BY-4.0",
      path: "https://creativecommons.org/licenses/by/4.0/",
      title: "Kolada (RKA): CC BY 4.0 enligt uppgift, ange källan; inte kontrollerat i det här projektet. (Kolada-värden ingår inte i någon tabell i paketet.)",
    },
  },
};

const OWN_FILES: Publisher = {
  title: "Egna filer i kanoniskt format eller med mappningsfil",
  license: {
    name: "notspecified",
    title: "Egna filer (kanoniskt format eller mappning): ursprung och licens framgår inte av filerna — se datakatalogens egen dokumentation.",
  },
};

const DEMO: Publisher = {
  title: "Demodata: syntetiska utbetalningar från projektets generator (loaders/demo, fast frö), befolkning byggd på SCB:s siffror",
  license: {
    name: "notspecified",
    title: "Demodata: utbetalningarna är syntetiska (påhittade) och ingen licens är angiven; befolkningen bygger på SCB:s siffror (CC0).",
  },
};

const REFERENCE_KOMMUNER: PackageSource = {
  title:
    "Kommun- och länskoder och namn: SCB:s regionala indelning via sjbrg/swedish-geodata (CC0 1.0), data/reference/kommuner; kodändringar (Heby 1917 → 0331, Knivsta) skrivna i projektet",
  path: "https://github.com/sjbrg/swedish-geodata",
};
const REFERENCE_FORBUND: PackageSource = {
  title:
    "Samordningsförbund och medlemskommuner juni 2012: Försäkringskassan, Uppföljning av finansiell samordning (2012), bilaga 1, avskriven i data/reference/forbund (licens inte angiven)",
};
const REFERENCE_FORBUND_LICENSE: PackageLicense = {
  name: "notspecified",
  title:
    "Förbundslistan juni 2012 (Försäkringskassans återrapportering, bilaga 1): licens inte angiven; avskriven ur rapportens tabell.",
};

function dateRange(dates: (string | null)[]): string {
  const known = dates.filter((d): d is string => !!d).sort();
  if (!known.length) return "hämtningsdatum okänt";
  const first = known[0];
  const last = known[known.length - 1];
  const unknown = dates.length - known.length;
  return `hämtade ${first === last ? first : `${first} – ${last}`}${unknown ? ` (${unknown} utan datum)` : ""}`;
}

/** Sources and licences for a database: its files grouped by reader, the built-in reference data, demo data. */
export function sourcesAndLicenses(files: LoadedFile[], settings: Map<string, string>): { sources: PackageSource[]; licenses: PackageLicense[] } {
  const demo = (settings.get("demodata") ?? "").trim().toLowerCase() === "ja";
  const sources: PackageSource[] = [];
  const licenses: PackageLicense[] = [];
  const addLicense = (l: PackageLicense) => {
    if (!licenses.some((x) => x.name === l.name && x.title === l.title)) licenses.push(l);
  };

  const byReader = new Map<string, LoadedFile[]>();
  for (const f of files) byReader.set(f.kalla, [...(byReader.get(f.kalla) ?? []), f]);
  for (const [kalla, list] of [...byReader].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const own = kalla === "kanonisk" || kalla === "mappning";
    const publisher = PUBLISHERS[kalla] ?? (own ? (demo && kalla === "kanonisk" ? DEMO : OWN_FILES) : OWN_FILES);
    const count = `${list.length} ${list.length === 1 ? "fil" : "filer"} lästa med läsaren ${kalla}, ${dateRange(list.map((f) => f.hamtad))}`;
    sources.push({ title: `${publisher.title}: ${count}`, ...(publisher.path ? { path: publisher.path } : {}) });
    addLicense(publisher.license);
  }

  // Reference data the ingest always loads (kommuner, län) and the built-in förbund list when no own list was given.
  sources.push(REFERENCE_KOMMUNER);
  addLicense(CC0);
  if ((settings.get("forbund_kalla") ?? "").startsWith("inbyggd")) {
    sources.push(REFERENCE_FORBUND);
    addLicense(REFERENCE_FORBUND_LICENSE);
  }
  return { sources, licenses };
}
