// Framework data loader: the publishing förbund's settings (publisher, where to report accessibility problems, the
// statement's dates) from data/webbplats.json or FORSORJNING_WEBBPLATS (loaders/webbplats.ts), for the accessibility
// statement (src/tillganglighet.md), with the pinned axe-core version the tests use (package.json).
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { lasWebbplats } from "../../loaders/webbplats.ts";

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf-8"));
process.stdout.write(JSON.stringify({ ...lasWebbplats(), axeVersion: pkg.devDependencies?.["axe-core"] ?? null }));
