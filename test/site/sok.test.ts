// The header search (src/components/sok.js): ranking by code, name prefix, word prefix, anywhere; diacritics
// ignored; links relative to the site root.
import { describe, expect, it } from "vitest";
import { sokHref, sokNormalisera, sokTraffar } from "../../src/components/sok.js";

const INDEX = [
  { typ: "kommun", kod: "0380", namn: "Uppsala", info: "Uppsala län" },
  { typ: "kommun", kod: "1480", namn: "Göteborg", info: "Västra Götalands län" },
  { typ: "kommun", kod: "1471", namn: "Götene", info: "Västra Götalands län" },
  { typ: "kommun", kod: "1280", namn: "Malmö", info: "Skåne län" },
  { typ: "kommun", kod: "0180", namn: "Stockholm", info: "Stockholms län" },
  { typ: "forbund", kod: "uppsala-lan", namn: "Samordningsförbundet i Uppsala län", info: "Samordningsförbund" },
  { typ: "forbund", kod: "goteborg-centrum", namn: "Samordningsförbundet Göteborg Centrum", info: "Samordningsförbund" },
  { typ: "forbund", kod: "Finsam Göteborg", adress: "finsam-goteborg", namn: "Finsam Göteborg", info: "Samordningsförbund" },
  { typ: "lan", kod: "03", namn: "Uppsala län", info: "Län" },
  { typ: "lan", kod: "01", namn: "Stockholms län", info: "Län" },
];
const namn = (q: string) => sokTraffar(INDEX, q).map((p: { namn: string }) => p.namn);

describe("sokTraffar", () => {
  it.each([
    ["uppsal", ["Uppsala", "Uppsala län", "Samordningsförbundet i Uppsala län"]],
    ["goteborg", ["Göteborg", "Finsam Göteborg", "Samordningsförbundet Göteborg Centrum"]],
    ["GÖTE", ["Göteborg", "Götene", "Finsam Göteborg", "Samordningsförbundet Göteborg Centrum"]],
    ["malmo", ["Malmö"]],
    ["0180", ["Stockholm"]],
    ["01", ["Stockholms län", "Stockholm"]],
    ["holm", ["Stockholm", "Stockholms län"]],
    ["  ", []],
    ["xyz", []],
  ])("%j → %j", (q, expected) => {
    expect(namn(q)).toEqual(expected);
  });

  it("gives at most `max` matches", () => {
    expect(sokTraffar(INDEX, "a", 2)).toHaveLength(2);
  });
});

describe("sokNormalisera and sokHref", () => {
  it("lowers case and drops diacritics", () => {
    expect(sokNormalisera(" Åre Östersund ")).toBe("are ostersund");
  });
  it.each([
    [INDEX[0], "../", "../kommun/0380"],
    [INDEX[5], "./", "./forbund/uppsala-lan"],
    [INDEX[8], "..", "../lan/03"],
    [INDEX[7], "../", "../forbund/finsam-goteborg"],
  ])("%j from %j → %j", (post, root, expected) => {
    expect(sokHref(post, root)).toBe(expected);
  });
});
