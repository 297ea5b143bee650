// The insatser's results in the data package: exported only after the suppression of small cells (DESIGN.md §2.3:
// any published cell with fewer than 5 persons is suppressed, with a complementary cell so totals cannot reveal it).
import { type ExportRow, PublishNotReadyError } from "./types.ts";

/**
 * Publish hook of resource insats_resultat: receives the exact, unsuppressed rows of view insats_resultat and must
 * return them suppressed as the site shows them.
 *
 * TODO(#12, insatser): call the suppression module here once it lands (the same function the site's insats pages
 * use), e.g. `return undertryck(rows)`: counts below 5 → null, complementary cells, shares and Wilson limits of
 * suppressed counts → null. Until then this throws, and the exporter leaves insats_resultat out of the package with
 * a note — it never exports the rows unsuppressed. test/export/ checks both.
 */
export function publishInsatsResultat(rows: ExportRow[]): ExportRow[] {
  void rows;
  throw new PublishNotReadyError(
    "röjandeskyddet (undertryckning av celler med färre än 5 personer) är inte kopplat till exporten ännu",
  );
}
