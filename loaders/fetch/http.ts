// HTTP for `npm run fetch`: Node's built-in fetch with a short wait for the first answer, bounded retries with
// exponential back-off on 429/5xx and dropped connections, a per-API call budget, and Swedish messages that say
// plainly when there is no network. A host that has never answered is not retried: offline, fail in seconds.
import { formatNumber } from "@forsorjningsmatt/delat/format.js";

export type FetchErrorKind = "natverk" | "http" | "svar";

/** A download that failed; the message is Swedish and shown to the user as is. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: FetchErrorKind,
    /** The network itself seems to be missing (no name service, no route, no answer at all), not just one host. */
    readonly ingetNatverk = false,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

export interface HttpOptions {
  /** Tries per request (first try included). */
  forsok?: number;
  /** Back-off before the second try; doubled for every further try. */
  vantetidMs?: number;
  /** Longest single back-off, also the cap on a server's Retry-After. */
  maxVantetidMs?: number;
  /** How long to wait for a host's first answer (connection + response headers): short, so offline fails fast. */
  anslutningMs?: number;
  /** How long a host that has answered before may take to start an answer (a dropped answer is then retried). */
  svarsstartMs?: number;
  /** How long a whole response body may take once the server has answered. */
  svarMs?: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const HTTP_DEFAULTS = {
  forsok: 4,
  vantetidMs: 1_000,
  maxVantetidMs: 30_000,
  anslutningMs: 10_000,
  svarsstartMs: 60_000,
  svarMs: 300_000,
} as const;

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  /** JSON body for POST. */
  body?: unknown;
  /** Calls to the same API share one budget (SCB: 10 calls per 10 s). */
  limiter?: RateLimiter;
}

export interface HttpResponse {
  url: string;
  status: number;
  contentType: string;
  bytes: Buffer;
  /** The Retry-After header of a 429/503, if any. */
  retryAfter: string | null;
}

/** At most `maxCalls` calls in any window of `windowMs`, counted when a call is sent. */
export class RateLimiter {
  private sent: number[] = [];
  constructor(
    readonly maxCalls: number,
    readonly windowMs: number,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.sent = this.sent.filter((t) => now - t < this.windowMs);
      if (this.sent.length < this.maxCalls) {
        this.sent.push(now);
        return;
      }
      // A margin (5 % of the window): the server counts arrivals, and a call that had to open a connection
      // arrives later after leaving than one on an open connection, so arrivals can be closer than departures.
      await this.sleep(this.windowMs - (now - this.sent[0]) + Math.max(25, this.windowMs * 0.05));
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface NetworkProblem {
  code: string;
  text: string;
}

class Timeout extends Error {
  constructor(readonly phase: "anslutning" | "svar", readonly ms: number) {
    super(`timeout (${phase})`);
  }
}

/** A wait or timeout as users read it: "300 ms", "2 s", "1,5 s". */
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${formatNumber(ms / 1000, ms % 1000 === 0 ? 0 : 1)} s`);

/** The system error under fetch's "fetch failed", in Swedish. */
function describeNetworkError(err: unknown, host: string): NetworkProblem {
  if (err instanceof Timeout) {
    return err.phase === "anslutning"
      ? { code: "TIMEOUT", text: `inget svar inom ${seconds(err.ms)}` }
      : { code: "TIMEOUT", text: `svaret blev inte färdigt inom ${seconds(err.ms)}` };
  }
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const c = cause as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = c?.code ?? c?.errors?.find((e) => e?.code)?.code ?? "";
  switch (code) {
    case "ENOTFOUND":
      return { code, text: `namnet ${host} kunde inte slås upp (${code})` };
    case "EAI_AGAIN":
      return { code, text: `namnuppslagningen av ${host} misslyckades tillfälligt (${code})` };
    case "ECONNREFUSED":
      return { code, text: `anslutningen nekades (${code})` };
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return { code, text: `nätverket eller datorn går inte att nå (${code})` };
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
      return { code, text: `anslutningen bröts (${code})` };
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return { code, text: `anslutningen tog för lång tid (${code})` };
    default:
      return { code: code || "OKÄNT", text: c?.message ? `${c.message}${code ? ` (${code})` : ""}` : String(err) };
  }
}

/** Node's built-in fetch (Node 20) does not use a proxy from the environment; say so when one is set. */
function proxyHint(env: NodeJS.ProcessEnv = process.env): string {
  const name = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].find((n) => env[n]);
  return name ? ` Obs: ${name} är satt, men hämtningen går inte via en proxy; den kräver en direkt anslutning till internet.` : "";
}

/** First-contact failures that say more about this computer's network than about one host. */
const NO_NETWORK_CODES = new Set(["EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "TIMEOUT", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** What a server's error body says, shortened to one line (SCB answers errors with JSON or text). */
function bodySnippet(bytes: Buffer): string {
  const text = bytes.toString("utf8").replace(/\s+/g, " ").trim();
  if (!text) return "";
  return `: ${text.length > 200 ? `${text.slice(0, 197)}…` : text}`;
}

export class HttpClient {
  readonly options: Required<Omit<HttpOptions, "log" | "sleep">>;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Hosts that have answered in this run; only their failures are retried. */
  private readonly reached = new Set<string>();

  constructor(options: HttpOptions = {}) {
    this.options = {
      forsok: options.forsok ?? HTTP_DEFAULTS.forsok,
      vantetidMs: options.vantetidMs ?? HTTP_DEFAULTS.vantetidMs,
      maxVantetidMs: options.maxVantetidMs ?? HTTP_DEFAULTS.maxVantetidMs,
      anslutningMs: options.anslutningMs ?? HTTP_DEFAULTS.anslutningMs,
      svarsstartMs: options.svarsstartMs ?? HTTP_DEFAULTS.svarsstartMs,
      svarMs: options.svarMs ?? HTTP_DEFAULTS.svarMs,
    };
    this.log = options.log ?? (() => {});
    this.sleep = options.sleep ?? delay;
  }

  /** The back-off before try `attempt + 1`: vantetid · 2^(attempt−1), capped. */
  backoff(attempt: number): number {
    return Math.min(this.options.maxVantetidMs, this.options.vantetidMs * 2 ** (attempt - 1));
  }

  private async once(req: HttpRequest, host: string): Promise<HttpResponse> {
    const firstContact = !this.reached.has(host);
    const controller = new AbortController();
    // A host that has answered before may take longer to start a big answer (SCB builds 100 000 cells) without
    // that meaning the network is gone; the short wait is for the first contact, where offline must fail fast.
    const headersMs = firstContact ? this.options.anslutningMs : this.options.svarsstartMs;
    let timer = setTimeout(() => controller.abort(new Timeout("anslutning", headersMs)), headersMs);
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers: {
          accept: "application/json, */*",
          "user-agent": "forsorjningsmatt-fetch (npm run fetch)",
          ...(req.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: controller.signal,
        redirect: "follow",
      });
      clearTimeout(timer);
      // The host answered: whatever happens to the body now is a dropped answer (retried), not a missing network.
      this.reached.add(host);
      timer = setTimeout(() => controller.abort(new Timeout("svar", this.options.svarMs)), this.options.svarMs);
      const bytes = Buffer.from(await res.arrayBuffer());
      return { url: res.url || req.url, status: res.status, contentType: res.headers.get("content-type") ?? "", bytes, retryAfter: res.headers.get("retry-after") };
    } catch (err) {
      // An abort surfaces as the reason we gave it (our Timeout) or as a DOMException wrapping it.
      if (controller.signal.aborted && controller.signal.reason instanceof Timeout) throw controller.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends a request, retrying 429, 5xx and dropped connections with exponential back-off (at most `forsok` tries).
   * A host that has not answered yet is not retried: with no network the first call fails at once.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const host = url.host;
    const { forsok } = this.options;
    for (let attempt = 1; ; attempt++) {
      await req.limiter?.take();
      const started = performance.now();
      let res: HttpResponse;
      try {
        res = await this.once(req, host);
      } catch (err) {
        const problem = describeNetworkError(err, url.hostname);
        if (!this.reached.has(host)) {
          throw new FetchError(
            `Kunde inte nå ${host}: ingen nätverksanslutning? ${problem.text[0].toUpperCase()}${problem.text.slice(1)}. Kontrollera internetanslutningen (och proxy eller brandvägg) och försök igen.${proxyHint()} Anropet var ${req.method} ${req.url}.`,
            "natverk",
            NO_NETWORK_CODES.has(problem.code),
          );
        }
        if (attempt >= forsok) {
          throw new FetchError(`Kunde inte hämta ${req.url} från ${host} efter ${forsok} försök: ${problem.text}.`, "natverk");
        }
        const wait = this.backoff(attempt);
        this.log(`  ${problem.text}; försöker igen om ${seconds(wait)} (försök ${attempt + 1} av ${forsok})`);
        await this.sleep(wait);
        continue;
      }
      const took = performance.now() - started;
      if (res.status >= 200 && res.status < 300) {
        this.log(`  ${res.status} OK, ${formatNumber(res.bytes.length)} byte på ${formatNumber(took / 1000, 1)} s`);
        return res;
      }
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable) {
        const hint = res.status === 403 && /scb\.se|\/api\/v2\//.test(req.url) ? " (SCB svarar 403 när en fråga har för många celler eller för många anrop görs)" : "";
        throw new FetchError(`${host} svarade ${res.status} på ${req.method} ${req.url}${hint}${bodySnippet(res.bytes)}`, "http");
      }
      if (attempt >= forsok) {
        throw new FetchError(`${host} svarade ${res.status} på ${req.method} ${req.url} efter ${forsok} försök${bodySnippet(res.bytes)}. Försök igen senare.`, "http");
      }
      const asked = retryAfterMs(res.retryAfter);
      const wait = Math.min(this.options.maxVantetidMs, Math.max(this.backoff(attempt), asked ?? 0));
      this.log(`  ${res.status} ${res.status === 429 ? "för många anrop" : "serverfel"}; försöker igen om ${seconds(wait)} (försök ${attempt + 1} av ${forsok})`);
      await this.sleep(wait);
    }
  }

  /** A request whose answer must be JSON; the parsed document and the raw bytes (written to disk as received). */
  async json(req: HttpRequest): Promise<{ json: unknown; response: HttpResponse }> {
    const response = await this.request(req);
    try {
      return { json: JSON.parse(response.bytes.toString("utf8").replace(/^\uFEFF/, "")), response };
    } catch {
      throw new FetchError(
        `${new URL(req.url).host} svarade inte med JSON på ${req.method} ${req.url} (innehållstyp ${response.contentType || "okänd"}${bodySnippet(response.bytes)})`,
        "svar",
      );
    }
  }
}
