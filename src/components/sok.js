// The header search's matching and links, without browser dependencies (unit-tested in test/site/sok.test.ts).

const MAX_TRAFFAR = 12;

/** Lower case without diacritics, so "goteborg" finds "Göteborg" and "malmo" finds "Malmö". */
export function sokNormalisera(text) {
  return String(text).toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
}

/** Ranked matches for a query: exact code, code prefix (digits), then name prefix, then a word's prefix, then anywhere in the name. */
export function sokTraffar(index, fraga, max = MAX_TRAFFAR) {
  const q = sokNormalisera(fraga);
  if (!q) return [];
  const scored = [];
  for (const post of index) {
    const namn = sokNormalisera(post.namn);
    let score = -1;
    if (/^\d+$/.test(q) && post.kod === q) score = 0; // kommun- and länskoder are digits
    else if (/^\d+$/.test(q) && post.kod.startsWith(q)) score = 0.5;
    else if (namn.startsWith(q)) score = 1;
    else if (namn.split(/[\s\-(),/]+/).some((w) => w.startsWith(q))) score = 2;
    else if (namn.includes(q)) score = 3;
    if (score >= 0) scored.push({post, score});
  }
  scored.sort((a, b) => a.score - b.score || a.post.namn.localeCompare(b.post.namn, "sv"));
  return scored.slice(0, max).map((s) => s.post);
}

/**
 * The page of a match, relative to the site root (root = "./", "../", …): kommun and län pages by code, förbund
 * pages by their address (loaders/site/adress.ts; the id as typed may hold spaces or capitals).
 */
export function sokHref(post, root = "./") {
  const base = root.endsWith("/") ? root : `${root}/`;
  if (post.typ === "kommun") return `${base}kommun/${post.kod}`;
  if (post.typ === "forbund") return `${base}forbund/${encodeURIComponent(post.adress ?? post.kod)}`;
  return `${base}lan/${post.kod}`;
}
