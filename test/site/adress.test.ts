// Förbund addresses (loaders/site/adress.ts): ids as typed become stable, unique path segments.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adressSlug, adressSuffix, forbundAdresser } from "../../loaders/site/adress.ts";

const sha6 = (id: string) => createHash("sha256").update(id, "utf8").digest("hex").slice(0, 6);

describe("adressSlug", () => {
  it.each([
    ["RAR", "rar"],
    ["Finsam Göteborg", "finsam-goteborg"],
    ["12", "12"],
    ["Samordningsförbundet Åre/Östersund", "samordningsforbundet-are-ostersund"],
    ["Älvsbyn – Consensus", "alvsbyn-consensus"],
    ["Café Ørsted & Straße", "cafe-orsted-strasse"],
    ["  --Blekinge--  ", "blekinge"],
    ["goteborg-centrum", "goteborg-centrum"],
    ["!!!", "forbund"],
    ["", "forbund"],
    ["日本", "forbund"],
  ])("%j → %j", (id, slug) => {
    expect(adressSlug(id)).toBe(slug);
  });
});

describe("forbundAdresser", () => {
  it("keeps the plain slug when nothing clashes", () => {
    const a = forbundAdresser(["RAR", "Finsam Göteborg", "12"]);
    expect(Object.fromEntries(a)).toEqual({ RAR: "rar", "Finsam Göteborg": "finsam-goteborg", "12": "12" });
  });

  it("gives both ids of a clash a suffix of SHA-256 of the id: RAR and rar", () => {
    const a = forbundAdresser(["RAR", "rar", "12"]);
    expect(a.get("RAR")).toBe(`rar-${sha6("RAR")}`);
    expect(a.get("rar")).toBe(`rar-${sha6("rar")}`);
    expect(a.get("RAR")).not.toBe(a.get("rar"));
    expect(a.get("12")).toBe("12");
    expect(adressSuffix("RAR")).toMatch(/^[0-9a-f]{6}$/);
  });

  it("gives the same id the same address whatever else is in the list, as long as it does not clash", () => {
    expect(forbundAdresser(["Finsam Göteborg"]).get("Finsam Göteborg")).toBe("finsam-goteborg");
    expect(forbundAdresser(["Finsam Göteborg", "blekinge", "RAR"]).get("Finsam Göteborg")).toBe("finsam-goteborg");
    expect(forbundAdresser(["RAR", "rar"]).get("RAR")).toBe(forbundAdresser(["rar", "RAR", "x"]).get("RAR"));
  });

  it("clashes through folding: Göteborg and goteborg, å/ä/ö and a/a/o", () => {
    const a = forbundAdresser(["Finsam Göteborg", "finsam-goteborg", "Åsa", "asa"]);
    expect(a.get("Finsam Göteborg")).toBe(`finsam-goteborg-${sha6("Finsam Göteborg")}`);
    expect(a.get("finsam-goteborg")).toBe(`finsam-goteborg-${sha6("finsam-goteborg")}`);
    expect(a.get("Åsa")).toBe(`asa-${sha6("Åsa")}`);
    expect(new Set(a.values()).size).toBe(4);
  });

  it("never gives two ids one address, even when a suffixed address was typed as an id", () => {
    const typed = `rar-${sha6("RAR")}`;
    const a = forbundAdresser(["RAR", "rar", typed]);
    expect(new Set(a.values()).size).toBe(3);
  });
});
