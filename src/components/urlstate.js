// The view state in the address (query string), so a copied link reproduces what the user sees:
// regions, period, ersättning, mode, price basis, … Values equal to their default are left out of the address.
//
// Types: "string" (default), "number", "boolean" ("1"/"0"), "list" (comma-separated, e.g. regioner=kommun:0180,lan:01).
//
//   import {getParam, setParams, urlBound} from "./components/urlstate.js";
//   const period = getParam("period", senastePeriod);               // read once when the page opens
//   setParams({period: "2024H1", regioner: ["kommun:0180"]});        // write (replaceState, no new history entry)
//   const ers = view(urlBound(Inputs.select(...), "ersattning", {fallback: "totalt"}));  // two-way for an input
//
// Pure parts (parseValue, formatValue, readState, writeState) take the query string / URL as an argument, for tests.

/** Parses one raw query value by type; null (absent) gives the fallback. */
export function parseValue(raw, type = "string", fallback = null) {
  if (raw == null) return fallback;
  switch (type) {
    case "number": {
      if (raw.trim() === "") return fallback;
      const n = Number(raw);
      return Number.isFinite(n) ? n : fallback;
    }
    case "boolean":
      return raw === "1" || raw === "true" || raw === "ja" ? true : raw === "0" || raw === "false" || raw === "nej" ? false : fallback;
    case "list":
      return raw === "" ? [] : raw.split(",").map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

/** Formats one value for the query; null means "leave it out". */
export function formatValue(value, type = "string") {
  if (value == null) return null;
  switch (type) {
    case "boolean":
      return value ? "1" : "0";
    case "list":
      return [...value].map(String).join(",");
    default:
      return String(value);
  }
}

function sameValue(a, b, type) {
  return formatValue(a, type) === formatValue(b, type);
}

/**
 * schema: {key: {type?, default?}}. Returns {key: value} read from a query string ("?a=1&b=x" or "a=1").
 */
export function readState(search, schema) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const [key, spec] of Object.entries(schema)) {
    state[key] = parseValue(params.get(key), spec.type, spec.default ?? null);
  }
  return state;
}

/**
 * Returns the URL (string) with `state` written into its query: keys in the schema are set, or removed when the
 * value is null or equals the default; other parameters of the URL are kept as they were.
 */
export function writeState(href, state, schema = {}) {
  const url = new URL(href);
  for (const [key, value] of Object.entries(state)) {
    const spec = schema[key] ?? {type: Array.isArray(value) ? "list" : typeof value === "boolean" ? "boolean" : "string"};
    const text = formatValue(value, spec.type);
    if (text == null || ("default" in spec && sameValue(value, spec.default, spec.type))) url.searchParams.delete(key);
    else url.searchParams.set(key, text);
  }
  return url.href;
}

function inferType(value) {
  return Array.isArray(value) ? "list" : typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string";
}

/** Reads one parameter of the current address; the type follows the fallback unless given. */
export function getParam(key, fallback = null, type = inferType(fallback)) {
  return parseValue(new URLSearchParams(location.search).get(key), type, fallback);
}

/**
 * Writes parameters into the current address without a new history entry. updates: {key: value}; null removes a
 * key. defaults (optional, {key: value}): a value equal to its default is removed too, so links stay short.
 */
export function setParams(updates, defaults = {}) {
  const schema = {};
  for (const [key, value] of Object.entries(updates)) {
    const type = inferType(value ?? defaults[key]);
    schema[key] = key in defaults ? {type, default: defaults[key]} : {type};
  }
  const next = writeState(location.href, updates, schema);
  if (next !== location.href) history.replaceState(history.state, "", next);
}

/**
 * Binds an input (Inputs.select, radio, range, a <form> view …) to a query parameter: its value starts from the
 * address (if the address holds a value the input accepts) and every change is written back. Returns the input,
 * so it can be passed to view(). For Inputs whose values are objects, pass `format` (value → string) and
 * `parse` (string → value).
 */
export function urlBound(input, key, {fallback = input.value, type = inferType(fallback), parse, format} = {}) {
  const raw = new URLSearchParams(location.search).get(key);
  if (raw != null) {
    const value = parse ? parse(raw) : parseValue(raw, type, fallback);
    if (value !== undefined && value !== null) {
      const before = input.value;
      try {
        input.value = value;
      } catch {
        input.value = before; // a value the input does not accept: keep its own
      }
    }
  }
  const write = () => {
    const value = format ? format(input.value) : input.value;
    const fallbackText = format ? format(fallback) : fallback;
    setParams({[key]: value}, {[key]: fallbackText});
  };
  input.addEventListener("input", write);
  input.addEventListener("change", write);
  return input;
}
