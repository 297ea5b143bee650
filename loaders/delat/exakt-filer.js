// Where the build puts the full-precision values for the table downloads (_exakt/), and the names of their files:
// written by the pipeline (loaders/site/exakt.ts, called from scripts/build-site.ts) and read by the site's download
// buttons (src/components/exakt.js). Plain JavaScript with no browser or Node dependency.

export const EXAKT_KATALOG = "_exakt";

/**
 * A code as a file name that is the same on every file system and in a URL: a–z, 0–9, "_" and "-" as they are, a
 * capital letter as "!" and the small one ("2024H1" → "2024!h1", so "RAR" and "rar" differ even where case does not),
 * every other UTF-8 byte as "~" and two hex digits (" " → "~20").
 */
export function filnamn(kod) {
  const bytes = new TextEncoder().encode(String(kod));
  let out = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[a-z0-9_-]/.test(c)) out += c;
    else if (/[A-Z]/.test(c)) out += `!${c.toLowerCase()}`;
    else out += `~${b.toString(16).padStart(2, "0")}`;
  }
  return out || "~";
}

/** "2024H1" → "halvar", "2024" → "ar". */
export function periodtypAv(period) {
  return String(period).length === 4 ? "ar" : "halvar";
}

/** The file of one region ("kommun:0180") and kind of period, relative to _exakt/. */
export function regionFil(region, typ) {
  const i = String(region).indexOf(":");
  return `region/${filnamn(region.slice(0, i))}/${filnamn(region.slice(i + 1))}/${typ}.json`;
}

/** The file of one period and ersättning (kön T, every region), relative to _exakt/. */
export function periodFil(period, ersattning) {
  return `period/${filnamn(period)}/${filnamn(ersattning)}.json`;
}
