// Reads the exact main table of the insatser (view insats_resultat_delar, with each insats's förbund and its median
// days) for publishing: the site's insats loaders (src/data/insatser-lib.ts) and the export (loaders/export/insatser.ts)
// read it here and suppress it with the same function (publicera.ts rojResultat), so the site and the open data
// package publish the same values.
import type { DelRad, Kon } from "./publicera.ts";

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The exact rows of insats_resultat_delar for rojResultat, ordered by insats, period and kön. */
export async function lasDelar(all: (sql: string) => Promise<Row[]>): Promise<DelRad[]> {
  const rader = await all(
    `SELECT d.insats_id, i.forbund_id, d.period, d.kon, d.startade, d.avslutade, d.pagaende, d.avslutade_med_uppgift,
       d.till_arbete_eller_studier, d.anonyma, d.deltagare_med_personuppgifter, d.deltagare_under_perioden,
       d.utfall_kr::DOUBLE AS utfall_kr, d.budget_kr::DOUBLE AS budget_kr, n.median_dagar_i_insats::DOUBLE AS median_dagar_i_insats
     FROM insats_resultat_delar AS d
     JOIN insats AS i USING (insats_id)
     LEFT JOIN insats_nyckeltal AS n
       ON n.insats_id = d.insats_id AND n.forbund_id IS NOT DISTINCT FROM i.forbund_id AND n.period = d.period AND n.kon = d.kon
     ORDER BY d.insats_id, d.period, d.kon`,
  );
  return rader.map((r) => ({
    insats_id: String(r.insats_id),
    forbund_id: str(r.forbund_id),
    period: String(r.period),
    kon: String(r.kon) as Kon,
    startade: Number(r.startade),
    avslutade: Number(r.avslutade),
    pagaende: Number(r.pagaende),
    avslutade_med_uppgift: Number(r.avslutade_med_uppgift),
    till_arbete_eller_studier: Number(r.till_arbete_eller_studier),
    anonyma: Number(r.anonyma),
    deltagare_med_personuppgifter: Number(r.deltagare_med_personuppgifter),
    deltagare_under_perioden: Number(r.deltagare_under_perioden),
    utfall_kr: r.utfall_kr === null ? null : Number(Number(r.utfall_kr).toFixed(2)),
    budget_kr: r.budget_kr === null ? null : Number(Number(r.budget_kr).toFixed(2)),
    median_dagar_i_insats: num(r.median_dagar_i_insats),
  }));
}
