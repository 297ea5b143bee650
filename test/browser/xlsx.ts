// Reads an .xlsx the way a test needs it (fflate, no spreadsheet library): each sheet's name, its cells as numbers
// (number cells) or strings (shared or inline strings), and each cell's number format code. Shared by the browser
// tests of the table downloads.
import { strFromU8, unzipSync } from "fflate";

export interface XlsxSheet {
  name: string;
  /** rows[r][c]: a number cell as its number, a string cell as its text, null where empty. */
  rows: (string | number | null)[][];
  /** formats[r][c]: the number format code of the cell's style ("General" when none). */
  formats: (string | null)[][];
  /** types[r][c]: the cell's t attribute ("n" when absent). */
  types: (string | null)[][];
}

export interface Xlsx {
  files: Record<string, Uint8Array>;
  sheets: XlsxSheet[];
  sheet(name: string): XlsxSheet;
}

const decode = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi, (_, name, dec, hex) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[name],
  );

/** "B" → 1, "AA" → 26. */
function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)![0];
  return [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0) - 1;
}

export function readXlsx(bytes: Uint8Array): Xlsx {
  const files = unzipSync(bytes);
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : "");
  const shared = [...text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    decode([...m[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")),
  );
  const styles = text("xl/styles.xml");
  const numFmts = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)].map((m) => [m[1], decode(m[2])]));
  const builtin: Record<string, string> = { "0": "General", "1": "0", "2": "0.00", "3": "#,##0", "4": "#,##0.00", "49": "@" };
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  const xfFormat = [...cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) => {
    const id = /numFmtId="(\d+)"/.exec(m[1])?.[1] ?? "0";
    return numFmts.get(id) ?? builtin[id] ?? `numFmtId ${id}`;
  });
  const workbook = text("xl/workbook.xml");
  const rels = new Map([...text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const relsAlt = new Map([...text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"/g)].map((m) => [m[2], m[1]]));
  const sheets: XlsxSheet[] = [...workbook.matchAll(/<sheet\b([^>]*)\/>/g)].map((m) => {
    const name = decode(/name="([^"]*)"/.exec(m[1])![1]);
    const rid = /r:id="([^"]*)"/.exec(m[1])![1];
    const target = (rels.get(rid) ?? relsAlt.get(rid))!.replace(/^\/?(xl\/)?/, "");
    const xml = text(`xl/${target}`);
    const rows: (string | number | null)[][] = [];
    const formats: (string | null)[][] = [];
    const types: (string | null)[][] = [];
    for (const c of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, col, rowText, attrs, inner = ""] = c;
      const r = Number(rowText) - 1;
      const k = columnIndex(col);
      const t = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? "n";
      const s = /\bs="(\d+)"/.exec(attrs)?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value: string | number | null = null;
      if (t === "s" && v !== undefined) value = shared[Number(v)];
      else if (t === "inlineStr") value = decode([...inner.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join(""));
      else if (t === "str" && v !== undefined) value = decode(v);
      else if (v !== undefined) value = Number(v);
      (rows[r] ??= [])[k] = value;
      (formats[r] ??= [])[k] = s === undefined ? "General" : xfFormat[Number(s)] ?? null;
      (types[r] ??= [])[k] = t;
    }
    for (const list of [rows, formats, types]) for (let i = 0; i < list.length; i++) list[i] = Array.from(list[i] ?? [], (x) => x ?? null);
    return { name, rows, formats, types };
  });
  return {
    files,
    sheets,
    sheet(name: string) {
      const s = sheets.find((x) => x.name === name);
      if (!s) throw new Error(`bladet ${name} saknas (finns: ${sheets.map((x) => x.name).join(", ")})`);
      return s;
    },
  };
}
