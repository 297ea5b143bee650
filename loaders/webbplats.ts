// The publishing förbund's settings for the site (issue #11): who publishes it and how a reader reports an
// accessibility problem — shown on the accessibility statement (src/tillganglighet.md, lag 2018:1937).
//
// The file is data/webbplats.json (FORSORJNING_WEBBPLATS=<file> points elsewhere), plain JSON:
//   {
//     "utgivare": "Samordningsförbundet RAR i Södermanland",   the public body that publishes the site
//     "webbplats": "Försörjningsmåttet",                       the site's name (optional)
//     "epost": "tillganglighet@exempel.se",                    where to report a problem (e-mail and/or phone)
//     "telefon": "010-123 45 67",
//     "postadress": "Box 1, 611 00 Nyköping",                  optional
//     "svarstid": "Vi svarar inom fem arbetsdagar.",           optional
//     "bedomd": "2026-11-27",                                  date the site's compliance was last assessed
//     "uppdaterad": "2026-11-27"                               date the statement was last updated
//   }
// Empty or missing fields are allowed: the page then says plainly that the publisher has not filled them in.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./config.ts";

export interface Webbplats {
  utgivare: string;
  webbplats: string;
  epost: string;
  telefon: string;
  postadress: string;
  svarstid: string;
  bedomd: string;
  uppdaterad: string;
}

export const STANDARD_WEBBPLATS: Webbplats = {
  utgivare: "",
  webbplats: "Försörjningsmåttet",
  epost: "",
  telefon: "",
  postadress: "",
  svarstid: "",
  bedomd: "2026-11-27",
  uppdaterad: "2026-11-27",
};

/** data/webbplats.json, or the file FORSORJNING_WEBBPLATS names. */
export function webbplatsPath(): string {
  return process.env.FORSORJNING_WEBBPLATS ? path.resolve(process.env.FORSORJNING_WEBBPLATS) : path.join(PROJECT_ROOT, "data", "webbplats.json");
}

const DATUM = /^\d{4}-\d{2}-\d{2}$/;
const EPOST = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The settings with defaults for what is missing; a malformed file or field is an error naming the file and field. */
export function lasWebbplats(fil = webbplatsPath()): Webbplats {
  if (!existsSync(fil)) return { ...STANDARD_WEBBPLATS };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(fil, "utf-8"));
  } catch (error) {
    throw new Error(`${fil}: ingen giltig JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${fil}: ska vara ett JSON-objekt med fälten ${Object.keys(STANDARD_WEBBPLATS).join(", ")}`);
  const out: Webbplats = { ...STANDARD_WEBBPLATS };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith("$") || key.startsWith("_")) continue; // comments such as "_om": "…"
    if (!(key in STANDARD_WEBBPLATS)) throw new Error(`${fil}: okänt fält "${key}" (tillåtna: ${Object.keys(STANDARD_WEBBPLATS).join(", ")})`);
    if (value == null) continue;
    if (typeof value !== "string") throw new Error(`${fil}: fältet "${key}" ska vara text, inte ${JSON.stringify(value)}`);
    out[key as keyof Webbplats] = value.trim();
  }
  for (const key of ["bedomd", "uppdaterad"] as const) {
    if (out[key] && !DATUM.test(out[key])) throw new Error(`${fil}: fältet "${key}" ska vara ett datum ÅÅÅÅ-MM-DD, inte "${out[key]}"`);
  }
  if (out.epost && !EPOST.test(out.epost)) throw new Error(`${fil}: fältet "epost" är ingen e-postadress: "${out.epost}"`);
  return out;
}
