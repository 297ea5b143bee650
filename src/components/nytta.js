// The arithmetic of Samordningsförbundet Uppsala läns nyttoanalys (evaluators.md §1.1), as the Nytta page recomputes it
// when an assumption changes. Plain JavaScript with no browser dependency, so unit tests run it in Node.
//
//   S        the schablon: kronor per helårsekvivalent (offentlig försörjning for one person for a whole year)
//   T        years the persons are assumed to stay off public support (default 1)
//   nytta    = Σ S × T over the participations counted (public support before → lön/studiemedel or arbete/studier after)
//   netto    = nytta − kostnad
//   break-even persons = kostnad ÷ (S × T)   (with kommun schablons: S = their mean over the persons counted)
//   nyttokvot = nytta ÷ kostnad
// An estimate under the model's assumptions, not an effect of the insats: nothing says the persons would not have
// left public support without it.

/**
 * antal: participations counted; schablon: the user's S (kr); ar: T (years); kostnad: the insats's cost (kr, or null);
 * lage: "kommun" (each person's kommun schablon where the database has it, the user's S for the others) or
 * "gemensam" (the user's S for everyone); summaKommunschablon: Σ S over those with a kommun schablon (kr);
 * utanKommunschablon: how many have none.
 * Returns {summaSchablon, medelSchablon, nytta, netto, breakEven, nyttokvot}; a figure that cannot be computed is null.
 * @param {{antal: number | string, schablon: number, ar: number, kostnad?: number | null, lage?: string,
 *   summaKommunschablon?: number | string | null, utanKommunschablon?: number | string}} inputs
 */
export function nyttaBerakning({antal, schablon, ar, kostnad = null, lage = "gemensam", summaKommunschablon = null, utanKommunschablon = 0}) {
  const ok = (x) => typeof x === "number" && Number.isFinite(x);
  if (!ok(antal) || antal < 0 || !ok(schablon) || !ok(ar)) {
    return {summaSchablon: null, medelSchablon: null, nytta: null, netto: null, breakEven: null, nyttokvot: null};
  }
  const kommun = lage === "kommun" && ok(summaKommunschablon) && ok(utanKommunschablon);
  const summaSchablon = kommun ? summaKommunschablon + utanKommunschablon * schablon : antal * schablon;
  const medelSchablon = antal > 0 ? summaSchablon / antal : schablon;
  const nytta = summaSchablon * ar;
  const harKostnad = ok(kostnad);
  return {
    summaSchablon,
    medelSchablon,
    nytta,
    netto: harKostnad ? nytta - kostnad : null,
    breakEven: harKostnad && medelSchablon * ar > 0 ? kostnad / (medelSchablon * ar) : null,
    nyttokvot: harKostnad && kostnad > 0 ? nytta / kostnad : null
  };
}
