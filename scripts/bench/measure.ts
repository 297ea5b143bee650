// Runs one measured ingest or floor (child.ts) in a child process and reads its peak memory: the child reports
// process.resourceUsage().maxRSS at exit, and this side polls /proc/<pid>/status (VmHWM) meanwhile — the larger
// of the two counts, and the poll still has a figure when the child dies. A watchdog kills the child (its own
// process, by pid) when its resident memory passes a limit, so a run that would need more memory than the shared
// machine has fails alone instead of pushing other work into the kernel's OOM killer.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { type ChildRequest, type ChildResult, RESULT_PREFIX } from "./child.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.ts");

export interface Measured extends ChildResult {
  /** Wall time of the whole child process (start-up, module loading and clean-up included). */
  processMs: number;
  /** Peak resident memory: max(maxRSS reported by the child, VmHWM polled). */
  peakBytes: number;
  /** Set when the watchdog stopped the child. */
  killedAtBytes?: number;
}

function procKb(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function runChild(req: ChildRequest, limitBytes: number): Promise<Measured> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(req)], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout = (stdout + d).slice(-20_000)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-20_000)));
    let hwmKb = 0;
    let killedAt: number | undefined;
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      hwmKb = Math.max(hwmKb, procKb(child.pid, "VmHWM"));
      const rss = procKb(child.pid, "VmRSS") * 1024;
      if (rss > limitBytes && killedAt === undefined) {
        killedAt = rss;
        child.kill("SIGKILL");
      }
    }, 100);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      const processMs = performance.now() - started;
      const line = stdout.split("\n").reverse().find((l) => l.startsWith(RESULT_PREFIX));
      const base: ChildResult = line
        ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult)
        : {
            ok: false,
            error:
              killedAt !== undefined
                ? "avbruten av minnesvakten"
                : /heap out of memory/i.test(stderr)
                  ? `slut på JavaScript-minne (V8:s heapgräns; processen avslutades med ${signal ?? `kod ${code}`})`
                  : `processen avslutades (${signal ?? `kod ${code}`}): ${stderr.trim().split("\n").slice(-2).join(" ").slice(0, 300)}`,
            loadMs: 0,
            measureMs: 0,
            rows: 0,
            measureRows: null,
            checksum: null,
            maxRssBytes: 0,
          };
      resolve({ ...base, processMs, peakBytes: Math.max(base.maxRssBytes, hwmKb * 1024, killedAt ?? 0), killedAtBytes: killedAt });
    });
  });
}
