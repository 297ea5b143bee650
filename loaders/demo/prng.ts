// Seeded pseudo-random numbers for the demo data. Written here (no npm package) so the sequence
// can never change under us: mulberry32 (a 32-bit generator by Tommy Ettinger, public domain),
// seeded through FNV-1a hashes of readable stream names so that every draw belongs to a named
// stream ("faktor|sjukpenning|0114") and does not depend on what else was generated before it.

/** FNV-1a 32-bit hash of a string (UTF-16 code units), as an unsigned integer. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: returns a function giving uniform numbers in [0, 1), 2^32 states. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random stream identified by the global seed and a name. */
export interface Stream {
  uniform(): number;
  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number;
}

export function stream(seed: number, name: string): Stream {
  const next = mulberry32(fnv1a(`${seed}|${name}`));
  return {
    uniform: next,
    normal() {
      // 1 - u is in (0, 1], so the logarithm is finite.
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}
