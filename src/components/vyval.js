// The view choices every region page shares, kept in the address so a copied link reproduces the view:
//   ?period=halvar|ar — half-years or calendar years (default: halvår when the data has half-years, else år);
//   ?kon=T|K|M       — kvinnor och män, kvinnor, män (only where the data splits by kön).
// Each returns an Inputs radio to pass to view(). A kind or kön the data lacks is shown greyed out with the reason.
import * as Inputs from "npm:@observablehq/inputs";
import {PERIODTYPER, PERIODTYP_NAMN, periodtypFranAdress, standardPeriodtyp} from "./perioder.js";
import {getParam, setParams} from "./urlstate.js";

export const KON_NAMN = {T: "Kvinnor och män", K: "Kvinnor", M: "Män"};

function forklara(input, varfor) {
  for (const label of input.querySelectorAll("label")) {
    const radio = label.querySelector("input");
    if (radio?.disabled && varfor[radio.value]) label.title = varfor[radio.value];
  }
}

/**
 * Halvår / År. perioder: {halvar: [...], ar: [...]} from the loaders. adress: false leaves the address to the page
 * (Karta keeps the chosen period itself, whose kind this is). ledtrad: another parameter whose period tells the kind
 * when ?period is absent (Jämför's ?fran=2016, from links made before the switch).
 */
export function periodtypVal(perioder, {adress = true, label = "Period", ledtrad = null} = {}) {
  const standard = standardPeriodtyp(perioder) ?? "halvar";
  const saknas = PERIODTYPER.filter((t) => !perioder?.[t]?.length);
  const input = Inputs.radio(PERIODTYPER, {
    label,
    format: (t) => PERIODTYP_NAMN[t],
    value: periodtypFranAdress(getParam("period", null, "string") ?? (ledtrad ? getParam(ledtrad, null, "string") : null), perioder) ?? standard,
    disabled: saknas
  });
  input.classList.add("periodtyp-val");
  input.dataset.testid = "periodtyp-val";
  forklara(input, {ar: "Inga hela kalenderår i underlaget", halvar: "Inga halvår i underlaget: bara årsvärden"});
  if (adress) input.addEventListener("input", () => setParams({period: input.value}, {period: standard}));
  return input;
}

/**
 * Kvinnor och män / Kvinnor / Män. finns: the kön with values (e.g. ["T", "K", "M"]); K and M are greyed out when
 * the data has no split by kön.
 */
export function konVal(finns = ["T"], {label = "Kön"} = {}) {
  const fran = getParam("kon", "T");
  const input = Inputs.radio(["T", "K", "M"], {
    label,
    format: (k) => KON_NAMN[k],
    value: finns.includes(fran) ? fran : "T",
    disabled: ["K", "M"].filter((k) => !finns.includes(k))
  });
  input.classList.add("kon-val");
  input.dataset.testid = "kon-val";
  forklara(input, {K: "Underlaget delar inte beloppen på kön", M: "Underlaget delar inte beloppen på kön"});
  input.addEventListener("input", () => setParams({kon: input.value}, {kon: "T"}));
  return input;
}
