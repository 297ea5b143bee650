// Small helpers shared by the benchmark's data generators: a buffered line writer that streams to disk (no giant
// strings in memory), amounts in öre formatted exactly, and a manifest so generated data is reused between runs.
import fs from "node:fs";
import path from "node:path";

/** Appends lines to a file through a ~1 MB buffer written synchronously (fast, bounded memory). */
export class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  lines = 0;

  constructor(file: string, header: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, "w");
    this.line(header);
    this.lines = 0; // data rows only
  }

  line(text: string): void {
    this.parts.push(text, "\n");
    this.size += text.length + 1;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.parts.length) return;
    const buf = Buffer.from(this.parts.join(""), "utf8");
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** An integer amount in öre as kronor with two decimals: 123456 → "1234.56", −5 → "-0.05". */
export function kronor(ore: number): string {
  const sign = ore < 0 ? "-" : "";
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100);
  const rest = abs - kr * 100;
  return `${sign}${kr}.${rest < 10 ? "0" : ""}${rest}`;
}

export const MANIFEST = ".bench-generator.json";

export interface Manifest {
  generator: string;
  version: number;
  options: Record<string, unknown>;
  /** Data rows per canonical kind. */
  rows: Record<string, number>;
  files: number;
  bytes: number;
  seconds: number;
}

/** The manifest of a directory generated earlier, when it was made by this generator version with these options and its files are intact. */
export function reusable(dir: string, generator: string, version: number, options: Record<string, unknown>): Manifest | null {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return null;
  try {
    const m = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
    if (m.generator !== generator || m.version !== version || JSON.stringify(m.options) !== JSON.stringify(options)) return null;
    const csv = fs.readdirSync(dir).filter((f) => f.endsWith(".csv"));
    const bytes = csv.reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    return csv.length === m.files && bytes === m.bytes ? m : null;
  } catch {
    return null;
  }
}

/** Empties (or creates) an output directory that only a generator writes into. */
export function freshDir(dir: string): void {
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith(".csv") || f === MANIFEST) fs.rmSync(path.join(dir, f), { force: true });
    }
  }
  fs.mkdirSync(dir, { recursive: true });
}

export function writeManifest(dir: string, m: Manifest): void {
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

/** `--name value` from argv, or undefined. */
export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
