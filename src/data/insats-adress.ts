// The address of an insats's page (/insats/<adress>) from its insats_id: ASCII-folded (å → a, ö → o, é → e), lower
// case, every run of other characters one "-", no "-" at either end. Two ids that fold to the same address (or an id
// that folds to nothing) each get "-" and the first 8 hex digits of SHA-256 of the id itself, so an address never
// depends on which other ids exist beyond the clash, nor on their order. Used by observablehq.config.ts (dynamicPaths)
// and the insats loaders (file names, links). Not a data loader: no output extension in its name.
//
// Written for the insats pages; the förbund addresses are derived the same way elsewhere — one module for both is
// the plan.
import { createHash } from "node:crypto";

/** The folded form of an id: "RAR 113/Å" → "rar-113-a"; "" when nothing is left. */
export function vikAdress(id: string): string {
  return id
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[øØ]/g, "o")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function hashSuffix(id: string, length = 8): string {
  return createHash("sha256").update(id, "utf8").digest("hex").slice(0, length);
}

/** Every id's address (id → address), unique over the given ids. */
export function insatsAdresser(ids: Iterable<string>): Map<string, string> {
  const unika = [...new Set(ids)];
  const ut = new Map(unika.map((id) => [id, vikAdress(id)] as [string, string]));
  for (const [id, a] of ut) if (a === "") ut.set(id, `insats-${hashSuffix(id)}`);
  // Suffix every address given to more than one id; a suffixed one that meets another id's plain address (say
  // "a-1234abcd") suffixes that one as well, and an (unheard-of) clash of 8 hex digits takes more of the hash.
  for (let langd = 8; ; langd += 8) {
    const per = new Map<string, string[]>();
    for (const [id, a] of ut) per.set(a, [...(per.get(a) ?? []), id]);
    const krockar = [...per.values()].filter((g) => g.length > 1);
    if (!krockar.length) return ut;
    if (langd > 64) throw new Error(`insats-adress: cannot separate ${krockar[0].join(", ")}`);
    for (const grupp of krockar) for (const id of grupp) ut.set(id, `${vikAdress(id) || "insats"}-${hashSuffix(id, langd)}`);
  }
}
