// The insatser's results in the data package: exported only after the suppression of small cells (DESIGN.md §2.3:
// any published cell with fewer than 5 persons is suppressed, with a complementary cell so totals cannot reveal it) —
// the very suppression the site publishes (loaders/insatser/publicera.ts rojResultat over loaders/insatser/las.ts),
// so a figure is hidden in the package exactly where it is hidden on the site.
import { lasDelar } from "../insatser/las.ts";
import { type Kon, type Publicerat, rojResultat } from "../insatser/publicera.ts";
import type { ExportRow } from "./types.ts";

/** A published value as the package writes it: a number, or missing (null) when suppressed or not applicable. */
const ut = (v: Publicerat | undefined): number | null => (typeof v === "number" ? v : null);

/**
 * Publish hook of resource insats_resultat (loaders/export/resources.ts): the view's rows (one per insats × period ×
 * kön) with every count, share, interval and cost replaced by the site's published value — suppressed cells missing.
 * utfall_kr is public (not a count of persons) and given on T rows, as in the view.
 */
export async function publishInsatsResultat(rows: ExportRow[], db: { all(sql: string): Promise<ExportRow[]> }): Promise<ExportRow[]> {
  const resultat = rojResultat(await lasDelar(db.all));
  return rows.map((r) => {
    const v = resultat.insatser.get(String(r.insats_id))?.[String(r.period)]?.[String(r.kon) as Kon];
    return {
      insats_id: r.insats_id,
      period: r.period,
      kon: r.kon,
      startade: ut(v?.startade),
      avslutade: ut(v?.avslutade),
      pagaende: ut(v?.pagaende),
      avslutade_med_uppgift: ut(v?.avslutade_med_uppgift),
      till_arbete_eller_studier: ut(v?.till_arbete_eller_studier),
      andel_arbete_eller_studier: ut(v?.andel_arbete_eller_studier),
      wilson_lag: ut(v?.wilson_lag),
      wilson_hog: ut(v?.wilson_hog),
      anonyma: ut(v?.anonyma),
      deltagare_under_perioden: ut(v?.deltagare_under_perioden),
      utfall_kr: r.kon === "T" ? r.utfall_kr : null,
      kostnad_per_deltagare: r.kon === "T" ? ut(v?.kostnad_per_deltagare) : null,
    };
  });
}
