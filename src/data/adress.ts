// A förbund's web address from its id (not a loader itself: no output extension in its name). A förbund id is
// whatever the analyst typed in forbund*.csv — "RAR", "Finsam Göteborg", "12" — and the database keeps it as given;
// the site turns it into a path segment for /forbund/<adress>:
//
//   1. ASCII-fold (å → a, ä → a, ö → o, é → e, ü → u, æ → ae, ø → o, ß → ss, …), lower case;
//   2. every run of characters other than a–z and 0–9 becomes one "-", leading and trailing "-" removed;
//   3. an empty result becomes "forbund";
//   4. when two or more ids give the same result ("RAR" and "rar", "Finsam Göteborg" and "finsam-goteborg"), each of
//      them gets "-" and the first 6 hex digits of SHA-256 of its id (UTF-8) appended.
//
// So an id's address depends only on the id itself and on whether it clashes with another: the same id always gets
// the same address, and adding or removing an unrelated förbund never moves it. Used by observablehq.config.ts
// (dynamicPaths) and the loaders (file names inside the förbund archive, links, search).
import { createHash } from "node:crypto";

const SARSKILDA: Record<string, string> = { æ: "ae", ø: "o", œ: "oe", ß: "ss", ð: "d", þ: "th", ł: "l", đ: "d", ı: "i" };

/** Steps 1–3: the plain slug of an id. */
export function adressSlug(id: string): string {
  const slug = String(id)
    .toLowerCase()
    .replace(/[æøœßðþłđı]/g, (c) => SARSKILDA[c])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "forbund";
}

/** The hash suffix of step 4: the first 6 hex digits of SHA-256 of the id. */
export function adressSuffix(id: string): string {
  return createHash("sha256").update(String(id), "utf8").digest("hex").slice(0, 6);
}

/** Every id's address (step 4 applied where slugs clash), as a Map id → adress. */
export function forbundAdresser(ids: Iterable<string>): Map<string, string> {
  const unika = [...new Set([...ids].map(String))];
  const perSlug = new Map<string, string[]>();
  for (const id of unika) {
    const slug = adressSlug(id);
    perSlug.set(slug, [...(perSlug.get(slug) ?? []), id]);
  }
  const out = new Map<string, string>();
  for (const [slug, lika] of perSlug) {
    for (const id of lika) out.set(id, lika.length > 1 ? `${slug}-${adressSuffix(id)}` : slug);
  }
  // A suffixed address could in theory equal another id's plain slug ("rar-1a2b3c" typed as an id): never two
  // förbund on one page — such an id gets the longer suffix instead.
  const anvanda = new Map<string, string>();
  for (const [id, adress] of out) {
    const annan = anvanda.get(adress);
    if (annan !== undefined) {
      const forlangd = `${adressSlug(id)}-${createHash("sha256").update(id, "utf8").digest("hex").slice(0, 12)}`;
      out.set(id, forlangd);
      anvanda.set(forlangd, id);
    } else anvanda.set(adress, id);
  }
  return out;
}
