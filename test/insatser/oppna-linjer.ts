// An independent check of published insats figures (test helper, not a test): every line the figures are tied by —
// K + M = T, the insatser of a förbund → its total, the years → 'alla', deltagare = med personuppgifter + anonyma,
// med personuppgifter = avslutade + pågående — must not have exactly one ".." (the line would give it back). Used on
// publicera.ts's output and on the built site's insatser.json.
import { PRICK } from "../../loaders/insatser/rojande.ts";

type Kon = "K" | "M" | "T";
type VardenPerPeriod = Record<string, Partial<Record<Kon, object>>>;
const f = (v: object | undefined, m: string): unknown => (v as Record<string, unknown> | undefined)?.[m];

export const RAKNE = [
  "startade", "avslutade", "pagaende", "deltagare_med_personuppgifter", "anonyma", "deltagare_under_perioden", "avslutade_med_uppgift",
  "till_arbete_eller_studier",
] as const;

/** The lines with exactly one hidden value, named. */
export function oppnaLinjer(insatser: Map<string, VardenPerPeriod>, forbund: Map<string, VardenPerPeriod>, medlemmar: Map<string, string[]>): string[] {
  const fel: string[] = [];
  const koll = (namn: string, varden: unknown[]) => {
    if (varden.filter((v) => v === PRICK).length === 1) fel.push(namn);
  };
  const enheter = [...[...insatser].map(([id, v]) => [`i:${id}`, v] as const), ...[...forbund].map(([id, v]) => [`f:${id}`, v] as const)];
  for (const [id, vp] of enheter) {
    const ar = Object.keys(vp).filter((p) => p !== "alla").sort();
    for (const [p, perKon] of Object.entries(vp)) {
      for (const m of RAKNE) koll(`${id} ${p} ${m} K+M=T`, (["K", "M", "T"] as Kon[]).map((k) => f(perKon[k], m)));
      for (const k of ["K", "M", "T"] as Kon[]) {
        const v = perKon[k];
        koll(`${id} ${p} ${k} deltagare`, [f(v, "deltagare_under_perioden"), f(v, "deltagare_med_personuppgifter"), f(v, "anonyma")]);
        koll(`${id} ${p} ${k} avslutade + pågående`, [f(v, "deltagare_med_personuppgifter"), f(v, "avslutade"), f(v, "pagaende")]);
      }
    }
    if (vp.alla) {
      for (const k of ["K", "M", "T"] as Kon[]) {
        for (const m of ["startade", "avslutade", "avslutade_med_uppgift", "till_arbete_eller_studier", "anonyma"] as const) {
          koll(`${id} ${k} ${m} år → alla`, [...ar.map((p) => f(vp[p]![k], m)), f(vp.alla[k], m)]);
        }
      }
    }
  }
  for (const [fid, ids] of medlemmar) {
    const fv = forbund.get(fid)!;
    for (const [p, perKon] of Object.entries(fv)) {
      for (const k of ["K", "M", "T"] as Kon[]) {
        for (const m of RAKNE) koll(`${fid} ${p} ${k} ${m} insatser → förbund`, [...ids.map((id) => f(insatser.get(id)![p]?.[k], m) ?? 0), f(perKon[k], m)]);
      }
    }
  }
  return fel;
}
