// The insatser's results in the data package: exported only after the suppression of small cells (DESIGN.md §2.3:
// any published cell with fewer than 5 persons is suppressed, with a complementary cell so totals cannot reveal it).
import { type ExportRow, PublishNotReadyError } from "./types.ts";

/**
 * Publish hook of resource insats_resultat (loaders/export/resources.ts): receives the exact, unsuppressed rows of
 * view insats_resultat — every insats × period × kön, counts as numbers — and must return them suppressed exactly as
 * the site shows them, a suppressed cell as null (the package's "missing"), never "..".
 *
 * TODO(#12, insatser): wire in the suppression module once it is merged (loaders/insatser/rojande.ts on the insatser
 * branch, the same functions the site's insats pages use): per insats and period, rojKon({K, M, T}) on each count
 * (startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier, anonyma,
 * deltagare_under_perioden), rojAndel for andel_arbete_eller_studier with wilson_lag/wilson_hog nulled with it, and
 * kostnad_per_deltagare nulled where deltagare_under_perioden is. Then return the rows instead of throwing. The other
 * insats views (insats_resultat_forbund, _aldersgrupp, _malgrupp, insats_nyckeltal, …) can be registered the same
 * way: a resource in RESOURCES, the view in PUBLIC_RELATIONS and NEEDS_PUBLISH (guard.ts), and a hook like this one.
 *
 * Until then this throws PublishNotReadyError and the exporter leaves insats_resultat out of the package with a note;
 * it never exports the rows unsuppressed (test/export/export.test.ts checks this).
 */
export function publishInsatsResultat(rows: ExportRow[]): ExportRow[] {
  void rows;
  throw new PublishNotReadyError(
    "röjandeskyddet (undertryckning av celler med färre än 5 personer) är inte kopplat till exporten ännu",
  );
}
