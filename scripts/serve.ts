// Serves the built site (dist/) on http://127.0.0.1:<PORT> (default 3000), bound to the loopback interface only.
// Static serving is sirv (maintained, pinned): content types, ETags, range requests, path-traversal safety.
// Framework's clean URLs: "/" → index.html, "/foo" → foo.html (sirv's `extensions`); anything else → 404.html, 404.
//
// Run: npm run build && npm run serve     (PORT=8080 npm run serve)
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_DIST = path.join(PROJECT_ROOT, "dist");

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a static server for `dir` on 127.0.0.1; port 0 picks a free port (tests). */
export async function startServer({ dir = DEFAULT_DIST, port = 3000 } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(dir, "index.html"))) {
    throw new Error(`Webbplatsen är inte byggd (${path.join(dir, "index.html")} saknas). Kör först: npm run build`);
  }
  const notFoundPath = path.join(dir, "404.html");
  const serveStatic = sirv(dir, {
    // Look files up per request (not a list cached at start), so a rebuild while serving needs no restart.
    dev: true,
    etag: true,
    // The build writes .br and .gz beside each text file (scripts/build-site.ts precompress): sent as they are to a
    // browser that accepts them, with Content-Encoding and Vary: Accept-Encoding.
    brotli: true,
    gzip: true,
    extensions: ["html"],
    dotfiles: false,
    setHeaders(res, pathname) {
      // Hashed assets (/_npm, /_observablehq, /_file, /_import) never change; pages must be revalidated.
      if (pathname.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
      else if (/^\/_(npm|observablehq|file|import)\//.test(pathname)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    },
  });
  const server = http.createServer((req, res) => {
    serveStatic(req, res, () => {
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(existsSync(notFoundPath) ? readFileSync(notFoundPath) : "<!doctype html><meta charset=utf-8><title>Sidan finns inte</title><h1>Sidan finns inte</h1>");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  try {
    const server = await startServer({ port });
    console.log(`Försörjningsmåttet visas på ${server.url}  (avsluta med Ctrl+C)`);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    console.error(e.code === "EADDRINUSE" ? `Porten ${port} används redan. Välj en annan: PORT=3001 npm run serve` : e.message);
    process.exit(1);
  }
}
