// Where downloads land: data/raw/<källa>/<ÅÅÅÅ-MM-DD>/ (the folder date is the retrieval date the ingest uses as the
// vintage). A source is downloaded into a hidden staging folder, each file written atomically (temp + rename) and
// listed in manifest.jsonl; only a complete download is renamed into place, so a failed or killed fetch never leaves
// half a vintage where the ingest would read it (the ingest skips names starting with ".").
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const MANIFEST = "manifest.jsonl";

export interface ManifestEntry {
  fil: string;
  metod: "GET" | "POST";
  url: string;
  /** The JSON body sent with a POST (SCB's selection), so the download can be repeated exactly. */
  fraga?: unknown;
  /** When the response arrived (ISO 8601, UTC). */
  hamtad: string;
  sha256: string;
  byte: number;
}

function writeAtomic(file: string, bytes: Buffer | string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Downloads in progress in this process, so an interrupted command can remove them (abortAll). */
const active = new Set<DownloadFolder>();

/** Drops every download in progress (on Ctrl-C); returns how many there were. */
export function abortAll(): number {
  const n = active.size;
  for (const folder of [...active]) folder.abort();
  return n;
}

export class DownloadFolder {
  /** data/raw/<källa>/<datum> */
  readonly target: string;
  readonly staging: string;
  readonly entries: ManifestEntry[] = [];

  constructor(
    readonly dataDir: string,
    readonly kalla: string,
    readonly datum: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    const parent = path.join(dataDir, "raw", kalla);
    this.target = path.join(parent, datum);
    this.staging = path.join(parent, `.${datum}.hamtas-${process.pid}`);
    fs.mkdirSync(parent, { recursive: true });
    // Staging folders of fetches that were killed (their process is gone) are removed.
    for (const name of fs.readdirSync(parent)) {
      const m = /^\.\d{4}-\d{2}-\d{2}\.(?:hamtas|gammal)-(\d+)$/.exec(name);
      if (m && (Number(m[1]) === process.pid || !isRunning(Number(m[1])))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
    fs.mkdirSync(this.staging, { recursive: true });
    active.add(this);
  }

  /** Writes one response file (atomically) and records it in the manifest. */
  write(name: string, bytes: Buffer, source: { metod: "GET" | "POST"; url: string; fraga?: unknown }): ManifestEntry {
    if (name !== path.basename(name) || name.startsWith(".") || name === MANIFEST) throw new Error(`bad download file name ${name}`);
    writeAtomic(path.join(this.staging, name), bytes);
    const entry: ManifestEntry = {
      fil: name,
      metod: source.metod,
      url: source.url,
      ...(source.fraga !== undefined ? { fraga: source.fraga } : {}),
      hamtad: this.now().toISOString(),
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      byte: bytes.length,
    };
    const i = this.entries.findIndex((e) => e.fil === name);
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
    writeAtomic(path.join(this.staging, MANIFEST), this.entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
    return entry;
  }

  /** Moves the complete download into place, replacing an earlier download of the same day. */
  commit(): string {
    const old = path.join(path.dirname(this.target), `.${this.datum}.gammal-${process.pid}`);
    if (fs.existsSync(this.target)) fs.renameSync(this.target, old);
    fs.renameSync(this.staging, this.target);
    fs.rmSync(old, { recursive: true, force: true });
    active.delete(this);
    return this.target;
  }

  /** Drops a failed download; an earlier download of the same day stays as it was. */
  abort(): void {
    active.delete(this);
    fs.rmSync(this.staging, { recursive: true, force: true });
    const parent = path.dirname(this.target);
    if (fs.existsSync(parent) && fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
  }
}
