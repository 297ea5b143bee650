// The source line under every figure: demo data say so; otherwise the publishers of the payouts and population.
export function kallText(meta) {
  return meta.demodata
    ? "Källa: syntetiska demodata (inte verklig statistik) på verklig befolkning från SCB."
    : "Källor: utbetalningar från Försäkringskassan, arbetslöshetskassorna (IAF) och kommunerna (Socialstyrelsen, ekonomiskt bistånd); befolkning från SCB. Beräkning: detta verktyg.";
}
