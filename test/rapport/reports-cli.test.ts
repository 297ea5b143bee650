// npm run reports: the options (Swedish messages, the usage on a mistake) and the page count read from a PDF's page
// tree, without a browser (scripts/reports.ts).
import { describe, expect, it } from "vitest";
import { AnvandarFel, antalSidor, tolkaArgument } from "../../scripts/reports.ts";

const fel = (argv: string[]) => {
  try {
    tolkaArgument(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(AnvandarFel);
    return (error as Error).message;
  }
  throw new Error("inget fel");
};

describe("the options of npm run reports", () => {
  it("take a period and förbund, kommuner and län (repeatable), --all and --ut", () => {
    expect(tolkaArgument(["--period", "2025H1", "--forbund", "blekinge", "--forbund", "RAR", "--kommun", "0180"])).toEqual({
      period: "2025H1", forbund: ["blekinge", "RAR"], kommun: ["0180"], lan: [], alla: false, ut: "reports",
    });
    expect(tolkaArgument(["--period", "2025", "--all", "--ut", "ut/pdf"])).toEqual({ period: "2025", forbund: [], kommun: [], lan: [], alla: true, ut: "ut/pdf" });
    expect(tolkaArgument(["--hjalp"])).toBe("hjalp");
  });

  it("refuse a missing or malformed period, no choice of report, --all with a choice, and unknown options, in Swedish", () => {
    expect(fel(["--all"])).toMatch(/^--period saknas: ange ett halvår \(2025H1\) eller ett år \(2025\)\.\n\nAnvändning: npm run reports/);
    expect(fel(["--period", "2025H3", "--all"])).toBe("--period 2025H3 är inte ett halvår (2025H1) eller ett år (2025).");
    expect(fel(["--period", "2025H1"])).toMatch(/^Ange vilka rapporter: --forbund, --kommun, --lan eller --all\./);
    expect(fel(["--period", "2025H1", "--all", "--lan", "01"])).toMatch(/^--all skriver alla förbunds rapporter/);
    expect(fel(["--period", "2025H1", "--fjorbund", "x"])).toMatch(/^Okänt eller ofullständigt val --fjorbund\./);
  });

  it("count a PDF's pages from its page tree", () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages /Kids [3 0 R 4 0 R] /Count 2>>\nendobj\n3 0 obj\n<</Type /Page /Parent 2 0 R>>\nendobj\n4 0 obj\n<</Type /Page /Parent 2 0 R>>\nendobj\n", "latin1");
    expect(antalSidor(pdf)).toBe(2);
  });
});
