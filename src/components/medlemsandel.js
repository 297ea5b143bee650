// The medlemsandel calculator's arithmetic (DESIGN.md §2.4, lag 2003:1210 5 §): a förbund's total budget split into
// the state's half, the region's quarter and the kommuner's quarter, and the kommuner's quarter split among the member
// kommuner by their key. Plain JavaScript (browser and Node; unit-tested in test/site/medlemsandel.test.ts).
//
// Exact: every amount is an integer number of öre (BigInt); nothing is rounded twice.
// Rounding rule (stated on the förbund page, RUNDNINGSREGEL): the parts are whole kronor when the budget is whole
// kronor, whole öre when the budget is given in öre. Each split — the budget into 1/2, 1/4, 1/4, and the kommuner's
// quarter by the key — is rounded by the largest-remainder method: every part gets its exact share rounded down, and
// the kronor (öre) left over go one each to the parts with the largest remainders; equal remainders in the order
// staten, regionen, kommunerna, and between kommuner by kommunkod. So the parts always sum exactly to what was split,
// and the result does not depend on the order the members are listed in.

export const RUNDNINGSREGEL =
  "Beloppen räknas exakt i hela kronor (i ören om budgeten anges med ören). Varje del får sin exakta andel avrundad nedåt, och de kronor som blir över går en i taget till de delar som har störst rest (största restmetoden); vid lika rest går de först till staten, sedan regionen, sedan kommunerna, och mellan kommuner i kommunkodsordning. Därför blir summan av delarna alltid exakt det som fördelas.";

/**
 * A non-negative decimal number (a number or a string such as "1100", "12.5", "1e-7") as an exact fraction
 * {taljare: BigInt, skala: BigInt} with value taljare / skala; null for anything else (negative, NaN, not a number).
 * A JavaScript number is read through its shortest decimal form (String(0.1) = "0.1"), i.e. the value as written.
 * @param {unknown} value
 * @returns {{taljare: bigint, skala: bigint} | null}
 */
export function exaktDecimal(value) {
  if (value == null) return null;
  const text = typeof value === "bigint" ? value.toString() : String(value).trim();
  const m = /^\+?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return null;
  const decimals = m[2] ?? "";
  const exponent = -decimals.length + Number(m[3] ?? 0);
  let taljare = BigInt(`${m[1]}${decimals}` || "0");
  let skala = 1n;
  if (exponent >= 0) taljare *= 10n ** BigInt(exponent);
  else skala = 10n ** BigInt(-exponent);
  return {taljare, skala};
}

/**
 * Swedish text of an amount in kronor → öre (BigInt), or null when it is not one: "1 234 567", "1 234 567,50",
 * "1234567.5", "1 234 567 kr" (spaces, no-break spaces, "kr" and a decimal comma or point allowed; at most two
 * decimals; never negative).
 * @param {unknown} text
 * @returns {bigint | null}
 */
export function parseKronor(text) {
  if (text == null) return null;
  const s = String(text).replace(/[\s\u00a0\u202f]/g, "").replace(/kr$/i, "").replace(",", ".");
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0") || "0");
}

/**
 * Largest remainder: splits `total` (a non-negative BigInt number of units) by the non-negative weights
 * [{taljare, skala}] (exaktDecimal). Returns one BigInt per weight, summing exactly to total, or null when every
 * weight is 0. Equal remainders: the lower index in `ordning` (default: the weights' own order) gets the unit first.
 * @param {bigint} total
 * @param {{taljare: bigint, skala: bigint}[]} vikter
 * @param {number[]} [ordning]
 * @returns {bigint[] | null}
 */
export function storstaRest(total, vikter, ordning = vikter.map((_, i) => i)) {
  if (total < 0n) throw new RangeError("Det som fördelas får inte vara negativt.");
  if (!vikter.length) return null;
  // Common denominator: weight i = taljare_i · (L / skala_i) / L, so the shares are integer ratios w_i / W.
  const L = vikter.reduce((acc, v) => (acc % v.skala === 0n ? acc : (acc * v.skala) / gcd(acc, v.skala)), 1n);
  const w = vikter.map((v) => v.taljare * (L / v.skala));
  const W = w.reduce((a, b) => a + b, 0n);
  if (W === 0n) return null;
  const delar = w.map((wi) => (total * wi) / W);
  const rest = w.map((wi) => (total * wi) % W);
  let kvar = total - delar.reduce((a, b) => a + b, 0n);
  const rang = new Map(ordning.map((index, plats) => [index, plats]));
  const turordning = w.map((_, i) => i).sort((a, b) => (rest[b] > rest[a] ? 1 : rest[b] < rest[a] ? -1 : rang.get(a) - rang.get(b)));
  for (const i of turordning) {
    if (kvar === 0n) break;
    delar[i] += 1n;
    kvar -= 1n;
  }
  return delar;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

const HALV = {taljare: 2n, skala: 1n};
const FJARDEDEL = {taljare: 1n, skala: 1n};

/**
 * The law's split of a total budget (öre, BigInt): {enhet (100n = whole kronor, 1n = öre), staten, regionen,
 * kommunerna} in öre, staten + regionen + kommunerna = total exactly.
 * @param {bigint} totalOre
 * @returns {{enhet: bigint, staten: bigint, regionen: bigint, kommunerna: bigint}}
 */
export function budgetDelar(totalOre) {
  if (typeof totalOre !== "bigint" || totalOre < 0n) throw new RangeError("Budgeten ska vara ett icke-negativt antal ören (BigInt).");
  const enhet = totalOre % 100n === 0n ? 100n : 1n;
  const [staten, regionen, kommunerna] = storstaRest(totalOre / enhet, [HALV, FJARDEDEL, FJARDEDEL]).map((d) => d * enhet);
  return {enhet, staten, regionen, kommunerna};
}

/**
 * The kommuner's quarter (öre) split among the members by their key, in the unit `enhet` (öre per unit, 100n or 1n).
 * medlemmar: [{kommunkod, nyckel (number or decimal string, ≥ 0), …}]. Returns the members (same order as given) with
 * {belopp_ore: BigInt, andel: number (nyckel / Σ nyckel)}, or null when the keys sum to 0 or a key is not a
 * non-negative number.
 * @template {{kommunkod: string, nyckel?: unknown}} M
 * @param {bigint} kommunernaOre
 * @param {M[]} medlemmar
 * @param {bigint} [enhet]
 * @returns {(M & {andel: number, belopp_ore: bigint})[] | null}
 */
export function medlemsDelar(kommunernaOre, medlemmar, enhet = 100n) {
  if (kommunernaOre % enhet !== 0n) throw new RangeError("Kommunernas del är inte ett helt antal enheter.");
  const vikter = medlemmar.map((m) => exaktDecimal(m.nyckel));
  if (vikter.some((v) => v == null)) return null;
  const kod = (i) => String(medlemmar[i].kommunkod);
  const ordning = medlemmar.map((m, i) => i).sort((a, b) => (kod(a) < kod(b) ? -1 : kod(a) > kod(b) ? 1 : a - b));
  const delar = storstaRest(kommunernaOre / enhet, vikter, ordning);
  if (!delar) return null;
  const summa = medlemmar.reduce((s, m) => s + Number(m.nyckel), 0);
  return medlemmar.map((m, i) => ({...m, andel: Number(m.nyckel) / summa, belopp_ore: delar[i] * enhet}));
}

/**
 * The whole calculator: total budget (öre, BigInt) and the members' keys → {enhet, staten, regionen, kommunerna,
 * medlemmar: [... with belopp_ore, andel] | null}. Σ medlemmar.belopp_ore = kommunerna exactly.
 * @template {{kommunkod: string, nyckel?: unknown}} M
 * @param {bigint} totalOre
 * @param {M[]} medlemmar
 * @returns {{enhet: bigint, staten: bigint, regionen: bigint, kommunerna: bigint, medlemmar: (M & {andel: number, belopp_ore: bigint})[] | null}}
 */
export function medlemsandelKalkyl(totalOre, medlemmar) {
  const delar = budgetDelar(totalOre);
  return {...delar, medlemmar: medlemmar.length ? medlemsDelar(delar.kommunerna, medlemmar, delar.enhet) : null};
}

/** Öre (BigInt) as kronor (a number, for formatting and downloads): 123456n → 1234.56. Exact below 2^53 öre. */
/** @param {bigint} ore */
export function oreTillKronor(ore) {
  return Number(ore) / 100;
}
