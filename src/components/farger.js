// Every colour of the site's charts and maps, in one place (issue #11, WCAG 1.4.1 and 1.4.11). Each colour that marks
// a series, a category or a map class keeps at least 3:1 against the backgrounds it is drawn on — the page and the
// cards of the light theme (#ffffff, #f6f6f6) and of the dark theme (#1f1f1e, #161616) — which means a relative
// luminance between about 0.145 and 0.27; test/site/farger.test.ts checks every list here. Series are also told apart
// by dot symbols (SERIE_SYMBOLER), dashes and labels (diagram.js, tidsserie.js), never by colour alone.

/** The backgrounds charts are drawn on: light page and card, dark page and card (Framework's air / near-midnight). */
export const BAKGRUNDER = {ljus: ["#ffffff", "#f6f6f6"], mork: ["#1f1f1e", "#161616"]};

/** Series colours for lines and dots (Jämför's regions, a förbund's members). */
export const SERIE_FARGER = ["#3d7cc9", "#c0641a", "#3b8a4f", "#c4443f", "#8a63b8", "#a07c1a", "#b8509b", "#2f8f84", "#9c755f", "#808080"];

/** Dot symbols per series, so a line is told apart by its marker too (diamond last: it also marks revised values). */
export const SERIE_SYMBOLER = ["circle", "square", "triangle", "star", "cross", "wye", "diamond"];

/** The same symbols as text, for colour keys written in HTML. */
export const SYMBOL_TECKEN = {circle: "●", square: "■", triangle: "▲", star: "★", cross: "✚", wye: "Y", diamond: "◆"};

/** Roles in the region charts: the region in focus, its län, riket; kvinnor and män. */
export const ROLL_FARG = {region: "#3d7cc9", forbund: "#3d7cc9", lan: "#c0641a", riket: "#808080", K: "#b8509b", M: "#2f8f84"};

/** Kön in bars (helårsekvivalenter): the kön colours of the lines, kvinnor och män grey. */
export const KON_FARG = {Kvinnor: ROLL_FARG.K, Män: ROLL_FARG.M, "Kvinnor och män": ROLL_FARG.riket};

/**
 * Fixed colours per ersättning (the same on every chart): ohälsa blue and violet, arbetsmarknad orange, olive and
 * green, bistånd red — neighbours in a stack differ in hue.
 */
export const ERSATTNING_FARG = {
  sjukpenning: "#3572ab",
  sjuk_och_aktivitetsersattning: "#8a63b8",
  arbetsloshetsersattning: "#c0641a",
  aktivitetsstod: "#a07c1a",
  etableringsersattning: "#3b8a4f",
  ekonomiskt_bistand: "#c4443f"
};

/** Datakvalitet's cell classes (kvalitet.js KLASS): distinct hues. */
export const KLASS_FARG = {
  rapporterad: "#3b8a4f",
  preliminar: "#a07c1a",
  noll: "#3d7cc9",
  noll_kan_vara_bortfall: "#c0641a",
  undertryckt: "#8a63b8",
  saknas: "#c4443f",
  ingen_rad: "#808080"
};

/**
 * Coverage 0 → 1 from red to blue (not red to green: the ends must differ for red–green colour blindness too); both
 * ends and every step between keep 3:1.
 */
export const TACKNING_FARGER = ["#c4443f", "#3d7cc9"];

/** Map areas without a value. */
export const INGET_VARDE_FARG = "#8c8c8c";

/** The map ramp's ends: mid blue → dark blue on the light theme, mid blue → pale blue on the dark one. */
export const KARTA_RAMP = {ljus: ["#5f8fcc", "#0b2e5c"], mork: ["#4878b8", "#dce8f7"]};

/**
 * The map's n colour classes from the lowest to the highest value: every class keeps 3:1 against the page of its
 * theme, so the ramp runs away from the background (darker on light, lighter on dark).
 */
export function kartFarger(n, mork = morktLage()) {
  const [fran, till] = mork ? KARTA_RAMP.mork : KARTA_RAMP.ljus;
  return Array.from({length: n}, (_, i) => blanda(fran, till, n === 1 ? 1 : i / (n - 1)));
}

/** Relative luminance of "#rrggbb" (WCAG 2.1). */
export function luminans(hex) {
  const [r, g, b] = String(hex)
    .replace("#", "")
    .match(/../g)
    .map((x) => parseInt(x, 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two "#rrggbb" colours (WCAG 2.1), e.g. 4.5 for 4.5:1. */
export function kontrast(a, b) {
  const [x, y] = [luminans(a), luminans(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The colour at t (0–1) between two "#rrggbb" colours, linearly in sRGB. */
export function blanda(a, b, t) {
  const pa = a.replace("#", "").match(/../g).map((x) => parseInt(x, 16));
  const pb = b.replace("#", "").match(/../g).map((x) => parseInt(x, 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("")}`;
}

/** True when the reader's system asks for the dark scheme (the site follows it; style.css). */
export function morktLage() {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

