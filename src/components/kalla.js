// The source line under every figure: demo data say so; otherwise the publishers of the payouts and population.
export function kallText(meta) {
  return meta.demodata
    ? "Källa: syntetiska demodata (inte verklig statistik) på verklig befolkning från SCB."
    : "Källor: utbetalningar från Försäkringskassan, arbetslöshetskassorna (IAF) och kommunerna (Socialstyrelsen, ekonomiskt bistånd); befolkning från SCB. Beräkning: detta verktyg.";
}

/**
 * The definition of the measure for a kind of period, in one sentence (band: "16–64 år"):
 * half-years over the interpolated population, years over the mean of the year-ends around them.
 */
export function definitionText(typ, band) {
  return typ === "ar"
    ? `Försörjningsmåttet = utbetalda belopp under året / (befolkning ${band} × antal dagar i året, 365 eller 366). Befolkningen är medelvärdet av årsskiftena före och efter året (SCB:s medelfolkmängd).`
    : `Försörjningsmåttet = utbetalda belopp under halvåret / (befolkning ${band} × antal dagar i halvåret). Befolkningen är interpolerad mellan årsskiftena.`;
}
