// A page's address from an id as the analyst typed it (not a loader itself: no output extension in its name). A
// förbund id ("RAR", "Finsam Göteborg", "12") or an insats id is kept as given in the database; the site turns it into
// a path segment for /forbund/<adress> and /insats/<adress>:
//
//   1. ASCII-fold (å → a, ä → a, ö → o, é → e, ü → u, æ → ae, ø → o, ß → ss, …), lower case;
//   2. every run of characters other than a–z and 0–9 becomes one "-", leading and trailing "-" removed;
//   3. an empty result becomes the kind's word ("forbund"; for insatser "insats" with a hash suffix, step 4);
//   4. when two or more ids give the same result ("RAR" and "rar", "Finsam Göteborg" and "finsam-goteborg"), each of
//      them gets "-" and the first hex digits of SHA-256 of its id (UTF-8) appended (6 for förbund, 8 for insatser);
//      should a suffixed address meet another id's address, those ids take a longer part of the hash.
//
// So an id's address depends only on the id itself and on whether it clashes with another: the same id always gets
// the same address, and adding or removing an unrelated id never moves it. Used by observablehq.config.ts
// (dynamicPaths) and the loaders (file names inside the archives, links, search).
import { createHash } from "node:crypto";

const SARSKILDA: Record<string, string> = { æ: "ae", ø: "o", œ: "oe", ß: "ss", ð: "d", þ: "th", ł: "l", đ: "d", ı: "i" };

/** Steps 1–2: the folded form of an id, "" when nothing is left ("RAR 113/Å" → "rar-113-a"). */
export function vikAdress(id: string): string {
  return String(id)
    .toLowerCase()
    .replace(/[æøœßðþłđı]/g, (c) => SARSKILDA[c])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Steps 1–3 for a förbund: the plain slug of an id. */
export function adressSlug(id: string): string {
  return vikAdress(id) || "forbund";
}

/** The hash suffix of step 4: the first `length` hex digits of SHA-256 of the id. */
export function adressSuffix(id: string, length = 6): string {
  return createHash("sha256").update(String(id), "utf8").digest("hex").slice(0, length);
}

export interface AdressVal {
  /** The word for an id that folds to nothing. */
  tom: string;
  /** Hex digits of the hash a clashing id gets first. */
  langd: number;
  /** Whether an id that folds to nothing is suffixed at once (else only when it clashes). */
  hashaTomma: boolean;
}

/** Every id's address (id → address), unique over the given ids (steps 1–4). */
export function adresser(ids: Iterable<string>, val: AdressVal): Map<string, string> {
  const unika = [...new Set([...ids].map(String))];
  const plain = (id: string) => vikAdress(id) || val.tom;
  const out = new Map(unika.map((id) => [id, vikAdress(id) || (val.hashaTomma ? `${val.tom}-${adressSuffix(id, val.langd)}` : val.tom)] as [string, string]));
  for (let langd = val.langd; ; langd += val.langd) {
    const per = new Map<string, string[]>();
    for (const [id, a] of out) per.set(a, [...(per.get(a) ?? []), id]);
    const krockar = [...per.values()].filter((g) => g.length > 1);
    if (!krockar.length) return out;
    if (langd > 64) throw new Error(`adress: cannot separate ${krockar[0].join(", ")}`);
    for (const grupp of krockar) for (const id of grupp) out.set(id, `${plain(id)}-${adressSuffix(id, langd)}`);
  }
}

/** Every förbund id's address, as a Map id → adress. */
export function forbundAdresser(ids: Iterable<string>): Map<string, string> {
  return adresser(ids, { tom: "forbund", langd: 6, hashaTomma: false });
}
