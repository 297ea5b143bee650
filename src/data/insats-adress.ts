// The address of an insats's page (/insats/<adress>) from its insats_id, by the same rules as a förbund's
// (loaders/site/adress.ts): folded to ASCII, lower case, "-" between; an id that folds to nothing is "insats-<hash>", and
// clashing ids get 8 hex digits of SHA-256 of the id. Not a data loader: no output extension in its name.
import { adresser } from "../../loaders/site/adress.ts";

export { vikAdress } from "../../loaders/site/adress.ts";

/** Every insats id's address (id → address), unique over the given ids. */
export function insatsAdresser(ids: Iterable<string>): Map<string, string> {
  return adresser(ids, { tom: "insats", langd: 8, hashaTomma: true });
}
