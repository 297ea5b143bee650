// The one place that says which Chromium the project drives (Debian's, through playwright-core: no browser download)
// and how: the board reports (scripts/reports.ts), the benchmark (scripts/bench/site.ts) and the browser tests.

/** Debian's chromium, or the one CHROMIUM_PATH names. */
export function chromiumSokvag(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
