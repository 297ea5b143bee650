// Disclosure control (röjandekontroll) for published figures about persons: pure functions, no I/O. The database
// keeps exact counts; whatever publishes them (the site's data loaders, downloads, reports) passes them through here
// first and shows a suppressed cell as PRICK ("..", SCB's symbol).
//
// The rule (DESIGN.md §2.3, evaluators.md §3):
//   - Primary suppression: a count of 1–4 persons (GRANS = 5) is suppressed. A 0 is shown: it is SCB's practice for
//     counts of persons, and hiding every zero would hide most of a small table without protecting anyone.
//   - Complementary suppression: in every published line of a table (a row or column together with its published
//     total) the hidden values must be 0 or at least 2 unknowns, and when the line's total is shown the hidden
//     cells must add up to at least GRANS — otherwise a total minus the visible cells would give back a hidden
//     cell (or pin two hidden 1s). A violated line gets one more cell hidden: the smallest non-zero visible cell,
//     else the line's total, else a zero. This repeats over rows, columns and the margins until every line holds.
//   - Shares: a share is suppressed when its numerator is 1–4, its denominator is under 5, the persons it leaves out
//     (denominator − numerator) are 1–4, or either count is suppressed in its table.
//
// API:
//   rojTabell(cells, {radsummor, kolumnsummor, totalt})  a two-way table of counts with the margins it is shown with
//   rojLista(values, {summa})                             one line of counts and (by default) its total
//   rojKon({K, M, T})                                     the common kön split: K and M with T = K + M
//   rojAndel(taljare, namnare, {taljareDold, namnareDold}) a share and whether it may be shown
//   visa(value, dold)                                     the value, or PRICK when suppressed
//   rojLinjer(celler, linjer, {rang, last})              any number of counts tied by linear equations (a table with
//                                                         several dimensions, totals over years, K + M = T, identities
//                                                         such as started = ended + ongoing), across published tables

/** Counts below this many persons are never published. */
export const GRANS = 5;
/** What a suppressed cell shows (SCB's symbol). */
export const PRICK = "..";

export interface TabellVal {
  /** Primary threshold (default GRANS): counts 1 … grans−1 are suppressed. */
  grans?: number;
  /** Whether each row's total is published (default true). */
  radsummor?: boolean;
  /** Whether each column's total is published (default true). */
  kolumnsummor?: boolean;
  /** Whether the grand total is published (default: when any margin is). */
  totalt?: boolean;
}

export interface RojadTabell {
  /** The counts, null where suppressed. */
  celler: (number | null)[][];
  radsummor: (number | null)[];
  kolumnsummor: (number | null)[];
  totalt: number | null;
  /** Where a cell is hidden, and why: "primar" (a small count) or "komplement" (to protect another cell). */
  orsak: ("primar" | "komplement" | null)[][];
  radsummaOrsak: ("primar" | "komplement" | null)[];
  kolumnsummaOrsak: ("primar" | "komplement" | null)[];
  totaltOrsak: "primar" | "komplement" | null;
}

function checkCount(v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new Error(`rojande: a count must be a whole number ≥ 0, got ${v}`);
}

/**
 * Suppresses a two-way table of counts (rows × columns) shown with its row totals, column totals and grand total
 * (each optional). Totals are computed here from the cells, so they always add up.
 */
export function rojTabell(cells: number[][], val: TabellVal = {}): RojadTabell {
  const grans = val.grans ?? GRANS;
  const R = cells.length;
  const C = R ? cells[0].length : 0;
  for (const row of cells) {
    if (row.length !== C) throw new Error("rojande: every row must have the same number of cells");
    row.forEach(checkCount);
  }
  const radsummor = val.radsummor ?? true;
  const kolumnsummor = val.kolumnsummor ?? true;
  const totalt = val.totalt ?? (radsummor || kolumnsummor);

  // The extended grid: row R holds the column totals, column C the row totals, [R][C] the grand total.
  const E: number[][] = Array.from({ length: R + 1 }, (_, i) =>
    Array.from({ length: C + 1 }, (_, j) => {
      if (i < R && j < C) return cells[i][j];
      if (i < R) return cells[i].reduce((a, b) => a + b, 0);
      if (j < C) return cells.reduce((a, r) => a + r[j], 0);
      return cells.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
    }),
  );
  const shown = (i: number, j: number): boolean => {
    if (i < R && j < C) return true;
    if (i < R) return radsummor;
    if (j < C) return kolumnsummor;
    return totalt;
  };
  const orsak: ("primar" | "komplement" | null)[][] = E.map((row, i) =>
    row.map((v, j) => (shown(i, j) && v > 0 && v < grans ? "primar" : null)),
  );

  // Lines: each row (cells + its total), each column (cells + its total), and the margins as lines of the grand total.
  type Pos = [number, number];
  const lines: { members: Pos[]; total: Pos }[] = [];
  for (let i = 0; i <= R; i++) {
    if (i === R && !kolumnsummor) continue;
    const total: Pos = [i, C];
    if (!shown(...total)) continue;
    lines.push({ members: Array.from({ length: C }, (_, j) => [i, j] as Pos), total });
  }
  for (let j = 0; j <= C; j++) {
    if (j === C && !radsummor) continue;
    const total: Pos = [R, j];
    if (!shown(...total)) continue;
    lines.push({ members: Array.from({ length: R }, (_, i) => [i, j] as Pos), total });
  }

  const hidden = ([i, j]: Pos) => orsak[i][j] !== null;
  let changed = true;
  while (changed) {
    changed = false;
    for (const { members, total } of lines) {
      const hiddenMembers = members.filter(hidden);
      const unknowns = hiddenMembers.length + (hidden(total) ? 1 : 0);
      const hiddenSum = hiddenMembers.reduce((a, [i, j]) => a + E[i][j], 0);
      const safe = unknowns === 0 || (unknowns >= 2 && (hidden(total) || hiddenSum === 0 || hiddenSum >= grans));
      if (safe) continue;
      const visible = members.filter((p) => !hidden(p));
      const nonZero = visible.filter(([i, j]) => E[i][j] > 0).sort((a, b) => E[a[0]][a[1]] - E[b[0]][b[1]]);
      const pick: Pos | undefined = nonZero[0] ?? (hidden(total) ? undefined : total) ?? visible[0];
      if (!pick) continue; // nothing left to hide in this line (every member and the total are hidden already)
      orsak[pick[0]][pick[1]] = "komplement";
      changed = true;
    }
  }

  const value = (i: number, j: number) => (orsak[i][j] !== null || !shown(i, j) ? null : E[i][j]);
  return {
    celler: cells.map((row, i) => row.map((_, j) => value(i, j))),
    radsummor: cells.map((_, i) => value(i, C)),
    kolumnsummor: Array.from({ length: C }, (_, j) => value(R, j)),
    totalt: value(R, C),
    orsak: cells.map((row, i) => row.map((_, j) => orsak[i][j])),
    radsummaOrsak: cells.map((_, i) => orsak[i][C]),
    kolumnsummaOrsak: Array.from({ length: C }, (_, j) => orsak[R][j]),
    totaltOrsak: orsak[R][C],
  };
}

/** One line of counts shown with its total (summa, default true): the values and the total, null where suppressed. */
export function rojLista(values: number[], val: { grans?: number; summa?: boolean } = {}): { varden: (number | null)[]; summa: number | null } {
  const t = rojTabell([values], { grans: val.grans, radsummor: val.summa ?? true, kolumnsummor: false, totalt: false });
  return { varden: t.celler[0], summa: t.radsummor[0] };
}

/** The kön split as published: K and M beside T = K + M. */
export function rojKon(antal: { K: number; M: number }, val: { grans?: number } = {}): { K: number | null; M: number | null; T: number | null } {
  const { varden, summa } = rojLista([antal.K, antal.M], { grans: val.grans });
  return { K: varden[0], M: varden[1], T: summa };
}

export interface RojadAndel {
  /** The share, null when suppressed or when the denominator is 0. */
  andel: number | null;
  dold: boolean;
}

/** A share taljare / namnare of persons, suppressed by the rule above. */
export function rojAndel(
  taljare: number,
  namnare: number,
  val: { grans?: number; taljareDold?: boolean; namnareDold?: boolean } = {},
): RojadAndel {
  checkCount(taljare);
  checkCount(namnare);
  if (taljare > namnare) throw new Error(`rojande: numerator ${taljare} larger than denominator ${namnare}`);
  const grans = val.grans ?? GRANS;
  const small = (n: number) => n > 0 && n < grans;
  if (namnare === 0 && !val.namnareDold) return { andel: null, dold: false };
  const dold = Boolean(val.taljareDold || val.namnareDold) || small(taljare) || namnare < grans || small(namnare - taljare);
  return { andel: dold ? null : taljare / namnare, dold };
}

/** The value as published: PRICK when suppressed (null), else the value itself. */
export function visa<T>(value: T | null, dold = value === null): T | typeof PRICK {
  return dold || value === null ? PRICK : value;
}

/** One term of a line: a cell and its sign. A line's terms satisfy Σ tecken × värde = 0. */
export interface Term {
  cell: string;
  tecken: 1 | -1;
}

/** A line of members that add up to a total: members +1, the total −1. */
export function summaLinje(delar: string[], summa: string): Term[] {
  return [...delar.map((cell) => ({ cell, tecken: 1 as const })), { cell: summa, tecken: -1 as const }];
}

export interface LinjeVal {
  grans?: number;
  /** How reluctant we are to hide a cell as a complement (0 = an inner cell; higher for totals, shown prominently). */
  rang?: (cell: string) => number;
  /** Cells already decided by another published table: true = hidden there, false = shown there. Never changed. */
  last?: Map<string, boolean>;
}

export type Orsak = "primar" | "komplement" | "last" | null;

/**
 * Suppression over any set of counts tied by linear equations ("lines"), the general form of rojTabell: a value
 * published in several tables, totals over years and kön, identities between measures (deltagare = med
 * personuppgifter + anonyma; started in the period = ended + still going). The rule for a line, whose hidden cells H
 * an attacker knows a signed sum of:
 *   - H empty: safe; one hidden cell: unsafe (the line gives it back);
 *   - two or more with both signs (e.g. a hidden member and the hidden total): safe — only a difference is known;
 *   - two or more with one sign: their sum is known, so it must be 0 or at least GRANS (else each is pinned below 5).
 * An unsafe line gets one more cell hidden: the shown, unlocked cell of the lowest rang (totals are kept), then the one
 * whose hiding makes the fewest other lines unsafe, then non-zero before zero, then the smallest value (then the cell
 * name, so the result never depends on chance). Repeats until every line holds or has nothing left to hide. Returns each cell's state: null
 * (shown), "primar" (1 … GRANS−1), "komplement", or "last" (hidden by the locking table).
 */
export function rojLinjer(celler: Map<string, number>, linjer: Term[][], val: LinjeVal = {}): Map<string, Orsak> {
  const grans = val.grans ?? GRANS;
  const rang = val.rang ?? (() => 0);
  const last = val.last ?? new Map<string, boolean>();
  const orsak = new Map<string, Orsak>();
  for (const [cell, v] of celler) {
    checkCount(v);
    const l = last.get(cell);
    orsak.set(cell, l === true ? "last" : l === false ? null : v > 0 && v < grans ? "primar" : null);
  }
  const linjerPerCell = new Map<string, number[]>();
  linjer.forEach((linje, i) => {
    for (const { cell } of linje) {
      if (!celler.has(cell)) throw new Error(`rojande: the line names the cell ${cell}, which has no value`);
      const list = linjerPerCell.get(cell) ?? [];
      list.push(i);
      linjerPerCell.set(cell, list);
    }
  });
  const dold = (cell: string) => orsak.get(cell) !== null;
  const saker = (linje: Term[], extra?: string): boolean => {
    let antal = 0;
    let summa = 0;
    const tecken = new Set<number>();
    for (const t of linje) {
      if (!dold(t.cell) && t.cell !== extra) continue;
      antal++;
      summa += celler.get(t.cell)!;
      tecken.add(t.tecken);
    }
    if (antal === 0) return true;
    if (antal === 1) return false;
    return tecken.size > 1 || summa === 0 || summa >= grans;
  };

  const ko = linjer.map((_, i) => i);
  const iKo = new Set(ko);
  for (let huvud = 0; huvud < ko.length; huvud++) {
    const i = ko[huvud];
    iKo.delete(i);
    const linje = linjer[i];
    if (saker(linje)) continue;
    const kandidater = linje.map((t) => t.cell).filter((c) => !dold(c) && !last.has(c));
    if (!kandidater.length) continue; // only locked or hidden cells left: the locking table is responsible
    let bast: { cell: string; nyckel: (number | string)[] } | undefined;
    for (const c of kandidater) {
      // lines that are safe now and would not be with c hidden
      let nyaOsakra = 0;
      for (const j of linjerPerCell.get(c) ?? []) if (j !== i && saker(linjer[j]) && !saker(linjer[j], c)) nyaOsakra++;
      const v = celler.get(c)!;
      const nyckel = [rang(c), nyaOsakra, v === 0 ? 1 : 0, v, c];
      if (!bast || jamforNycklar(nyckel, bast.nyckel) < 0) bast = { cell: c, nyckel };
    }
    orsak.set(bast!.cell, "komplement");
    for (const j of linjerPerCell.get(bast!.cell) ?? []) {
      if (!iKo.has(j)) {
        ko.push(j);
        iKo.add(j);
      }
    }
    if (!iKo.has(i)) {
      ko.push(i);
      iKo.add(i);
    }
  }
  return orsak;
}

function jamforNycklar(a: (number | string)[], b: (number | string)[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

/** The lines that do not hold under the rule of rojLinjer (for tests and for a loader's own check before it writes). */
export function osakraLinjer(celler: Map<string, number>, orsak: Map<string, Orsak>, linjer: Term[][], grans = GRANS): Term[][] {
  return linjer.filter((linje) => {
    const h = linje.filter((t) => orsak.get(t.cell) != null);
    if (h.length === 0) return false;
    if (h.length === 1) return true;
    const summa = h.reduce((a, t) => a + celler.get(t.cell)!, 0);
    return !(new Set(h.map((t) => t.tecken)).size > 1 || summa === 0 || summa >= grans);
  });
}
