// Jämför: a searchable multi-select of regions, the comparison line chart, small multiples per ersättning and the
// wide value table. Plain functions; the page (src/jamfor.md) holds the state. Numbers via format.js.
import * as Plot from "npm:@observablehq/plot";
import {diagram, kortNamn, spridPlotEtiketter, tidsserieTabell, tidsserieText} from "./diagram.js";
import {SERIE_FARGER, SERIE_SYMBOLER} from "./farger.js";
import {formatKr, formatNumber} from "./format.js";
import {PERIODTYP_NAMN, formatPeriod, formatPeriodKort, periodAr, periodMitt, periodSekvens, periodTyp} from "./perioder.js";

const TYP_NAMN = {riket: "Riket", lan: "Län", forbund: "Förbund", kommun: "Kommun"};

function normalisera(text) {
  return String(text).toLocaleLowerCase("sv").normalize("NFC").trim();
}

/** A region's key on the page and in the address: "typ:kod", a förbund by its address ("forbund:finsam-goteborg"). */
export function regionNyckel(r) {
  return r.typ === "forbund" && r.adress ? `forbund:${r.adress}` : `${r.typ}:${r.kod}`;
}

/**
 * Lookups over the Jämför loader's matrix: region by key (regionNyckel), a region's series for an ersättning.
 */
export function jamforIndex(data) {
  const byKey = new Map(data.regioner.map((r, i) => [regionNyckel(r), i]));
  const eIndex = new Map(data.ersattningar.map((e, i) => [e.id, i]));
  return {
    ...data,
    nyckel: regionNyckel,
    region: (key) => data.regioner[byKey.get(key)],
    finns: (key) => byKey.has(key),
    ersattning: (id) => data.ersattningar[eIndex.get(id)],
    /** [{period, varde, preliminar}] for every period in the data (varde null where missing). */
    serie(key, ersattning) {
      const i = byKey.get(key);
      const e = eIndex.get(ersattning);
      if (i === undefined || e === undefined) return [];
      const r = data.regioner[i];
      const prel = new Set(data.preliminar[`${r.typ}:${r.kod}`] ?? []);
      return data.perioder.map((period, p) => ({period, varde: data.varden[i][e][p], preliminar: prel.has(p)}));
    },
    /** Where a region's value rests on fewer member kommuner than it has: [{period, antal, iRegionen}]. */
    ofullstandig(key, ersattning) {
      const i = byKey.get(key);
      if (i === undefined) return [];
      const r = data.regioner[i];
      return (data.ofullstandig?.[`${r.typ}:${r.kod}`]?.[ersattning] ?? []).map(([p, antal, iRegionen]) => ({period: data.perioder[p], antal, iRegionen}));
    }
  };
}

/**
 * A searchable multi-select of regions (riket, län, förbund, kommuner): a search field with a result list
 * (arrow keys + Enter, or click) and the chosen regions as removable chips. A Framework view: .value is the list
 * of keys "typ:kod", "input" is dispatched on every change.
 */
export function regionValjare(regioner, {value = [], label = "Områden att jämföra", max = 10} = {}) {
  const form = document.createElement("form");
  form.className = "region-valjare";
  form.addEventListener("submit", (event) => event.preventDefault());
  const id = `valjare-${Math.random().toString(36).slice(2, 8)}`;
  const byKey = new Map(regioner.map((r) => [regionNyckel(r), r]));
  let valda = value.filter((k) => byKey.has(k)).slice(0, max);
  let aktiv = 0;
  let traffar = [];

  const rubrik = document.createElement("label");
  rubrik.htmlFor = `${id}-sok`;
  rubrik.textContent = label;
  const chips = document.createElement("ul");
  chips.className = "region-valjare-valda";
  chips.setAttribute("aria-label", "Valda områden");
  const sok = document.createElement("input");
  sok.type = "search";
  sok.id = `${id}-sok`;
  sok.name = "sok-omrade";
  sok.placeholder = "Sök kommun, län eller förbund (namn eller kod) och tryck Enter";
  sok.autocomplete = "off";
  sok.setAttribute("role", "combobox");
  sok.setAttribute("aria-expanded", "false");
  sok.setAttribute("aria-controls", `${id}-lista`);
  const lista = document.createElement("ul");
  lista.id = `${id}-lista`;
  lista.className = "region-valjare-lista";
  lista.setAttribute("role", "listbox");
  lista.hidden = true;
  const status = document.createElement("span");
  status.className = "region-valjare-status";
  status.setAttribute("aria-live", "polite");

  function meddela() {
    form.value = [...valda];
    form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function ritaChips() {
    chips.replaceChildren(
      ...valda.map((key) => {
        const r = byKey.get(key);
        const li = document.createElement("li");
        li.dataset.key = key;
        const namn = document.createElement("span");
        namn.textContent = r.namn;
        const typ = document.createElement("small");
        typ.textContent = ` ${TYP_NAMN[r.typ] ?? r.typ}`;
        const bort = document.createElement("button");
        bort.type = "button";
        bort.textContent = "×";
        bort.title = `Ta bort ${r.namn}`;
        bort.setAttribute("aria-label", `Ta bort ${r.namn}`);
        bort.addEventListener("click", () => {
          valda = valda.filter((k) => k !== key);
          ritaChips();
          meddela();
        });
        li.append(namn, typ, bort);
        return li;
      })
    );
    status.textContent = valda.length >= max ? `Högst ${max} områden åt gången.` : "";
  }

  function lagg(key) {
    if (!byKey.has(key) || valda.includes(key)) return;
    if (valda.length >= max) {
      status.textContent = `Högst ${max} områden åt gången — ta bort ett först.`;
      return;
    }
    valda = [...valda, key];
    sok.value = "";
    ritaLista();
    ritaChips();
    meddela();
  }

  function ritaLista() {
    const f = normalisera(sok.value);
    if (!f) {
      traffar = [];
    } else {
      traffar = regioner
        .filter((r) => !valda.includes(regionNyckel(r)))
        .map((r) => {
          const n = normalisera(r.namn);
          const rank = n.startsWith(f) ? 0 : r.kod.startsWith(f) ? 1 : n.includes(f) ? 2 : -1;
          return {r, rank};
        })
        .filter((x) => x.rank >= 0)
        .sort((a, b) => a.rank - b.rank || a.r.namn.length - b.r.namn.length)
        .slice(0, 15)
        .map((x) => x.r);
    }
    aktiv = Math.min(aktiv, Math.max(0, traffar.length - 1));
    lista.replaceChildren(
      ...traffar.map((r, i) => {
        const li = document.createElement("li");
        li.id = `${id}-opt-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(i === aktiv));
        li.dataset.key = regionNyckel(r);
        li.textContent = `${r.namn} `;
        const typ = document.createElement("small");
        typ.textContent = `${TYP_NAMN[r.typ] ?? r.typ} ${r.typ === "forbund" ? "" : r.kod}`;
        li.append(typ);
        li.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep focus in the search field
          lagg(li.dataset.key);
        });
        return li;
      })
    );
    lista.hidden = traffar.length === 0;
    sok.setAttribute("aria-expanded", String(!lista.hidden));
    if (traffar.length) sok.setAttribute("aria-activedescendant", `${id}-opt-${aktiv}`);
    else sok.removeAttribute("aria-activedescendant");
    if (f && !traffar.length) status.textContent = "Inga träffar";
    else if (status.textContent === "Inga träffar") status.textContent = "";
  }

  sok.addEventListener("input", (event) => {
    event.stopPropagation(); // only the chosen list is this view's value
    aktiv = 0;
    ritaLista();
  });
  sok.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && traffar.length) {
      aktiv = (aktiv + 1) % traffar.length;
      ritaLista();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && traffar.length) {
      aktiv = (aktiv - 1 + traffar.length) % traffar.length;
      ritaLista();
      event.preventDefault();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (traffar[aktiv]) lagg(regionNyckel(traffar[aktiv]));
    } else if (event.key === "Escape") {
      sok.value = "";
      ritaLista();
    } else if (event.key === "Backspace" && !sok.value && valda.length) {
      valda = valda.slice(0, -1);
      ritaChips();
      meddela();
    }
  });
  sok.addEventListener("blur", () => {
    lista.hidden = true;
    sok.setAttribute("aria-expanded", "false");
  });
  sok.addEventListener("focus", () => ritaLista());

  const sokRad = document.createElement("div");
  sokRad.className = "region-valjare-sok";
  sokRad.append(sok, lista);
  form.append(rubrik, chips, sokRad, status);
  form.value = [...valda];
  ritaChips();
  return form;
}

/** The y-axis label and unit text for the chosen measure and price basis. */
export function enhetText({matt, pris, basAr, basPeriod, aldersband}) {
  const band = `${aldersband.fran}–${aldersband.till}`;
  if (matt === "index") {
    return `index, ${formatPeriodKort(basPeriod)} = 100${pris === "fasta" ? ` (fasta priser)` : ""}`;
  }
  return `kr per invånare ${band} år och dag${pris === "fasta" ? `, ${basAr} års priser` : ", löpande priser"}`;
}

/** A value as text in the chosen measure: "52,31 kr" or "112,4". */
export function formatVarde(varde, matt) {
  return matt === "index" ? formatNumber(varde, 1) : formatKr(varde);
}

function medLuckor(punkter) {
  const out = [];
  for (const p of punkter) out.push(p.varde == null ? {...p, varde: NaN} : p);
  return out;
}

/** Colour and dot symbol of the i-th region on Jämför (line, dot, the page's colour key). */
export function jamforStil(i) {
  return {farg: SERIE_FARGER[i % SERIE_FARGER.length], symbol: SERIE_SYMBOLER[i % SERIE_SYMBOLER.length]};
}

/**
 * Line chart of several regions over the periods (one kind). serier: [{key, namn, punkter: [{period, varde, preliminar}]}].
 * Each region has its colour and dot symbol (jamforStil; farger overrides the colours) and, on wide charts, its name at
 * the line's end. Preliminary values are open symbols; in index mode a rule marks 100. Returns the chart with its
 * summary sentence and its table (diagram.js).
 */
export function jamforLinjer(serier, {width, height, matt, enhet, titel, beskrivning, farger, perioder, kompakt = false, amne}) {
  const punkter = serier.flatMap((s) =>
    s.punkter.filter((p) => p.varde != null).map((p) => ({...p, namn: s.namn, datum: periodMitt(p.period)}))
  );
  const ar = perioder.map(periodAr);
  const doman = ar.length ? [new Date(Date.UTC(Math.min(...ar), 0, 1)), new Date(Date.UTC(Math.max(...ar) + 1, 0, 1))] : undefined;
  const antalAr = ar.length ? Math.max(...ar) - Math.min(...ar) + 1 : 1;
  const fargLista = serier.map((_, i) => farger?.[i] ?? jamforStil(i).farg);
  const symboler = serier.map((_, i) => jamforStil(i).symbol);
  const etiketter = !kompakt && width >= 560;
  const slut = serier.map((s) => ({...s.punkter.filter((p) => p.varde != null).at(-1), namn: s.namn})).filter((d) => d.period);
  const langst = Math.max(0, ...serier.map((s) => kortNamn(s.namn).length));
  const plot = Plot.plot({
    width,
    height: height ?? Math.max(280, Math.min(460, width * 0.45)),
    marginLeft: 52,
    marginRight: etiketter ? Math.min(170, 14 + langst * 6.2) : 16,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {
      type: "utc",
      label: null,
      domain: doman,
      ticks: kompakt || width < 600 ? (antalAr > 8 ? "4 years" : "2 years") : antalAr > 12 ? "2 years" : "1 year",
      tickFormat: "%Y"
    },
    y: {grid: true, zero: matt !== "index", label: kompakt ? null : enhet, tickFormat: (d) => formatNumber(d, 0)},
    color: {domain: serier.map((s) => s.namn), range: fargLista},
    symbol: {domain: serier.map((s) => s.namn), range: symboler, legend: !kompakt, fill: "color", stroke: "none"},
    marks: [
      matt === "index" ? Plot.ruleY([100], {stroke: "currentColor", strokeOpacity: 0.5}) : Plot.ruleY([0]),
      ...serier.map((s) =>
        Plot.lineY(medLuckor(s.punkter).map((p) => ({...p, datum: periodMitt(p.period)})), {
          x: "datum",
          y: "varde",
          stroke: () => s.namn,
          strokeWidth: kompakt ? 1.5 : 2.5
        })
      ),
      Plot.dot(punkter.filter((d) => !d.preliminar), {x: "datum", y: "varde", fill: "namn", symbol: "namn", r: kompakt ? 2.5 : 3}),
      Plot.dot(punkter.filter((d) => d.preliminar), {x: "datum", y: "varde", stroke: "namn", symbol: "namn", fill: "none", strokeWidth: 1.5, r: kompakt ? 3 : 4}),
      etiketter
        ? Plot.text(slut, {x: (d) => periodMitt(d.period), y: "varde", text: (d) => kortNamn(d.namn), fill: "currentColor", textAnchor: "start", dx: 8, fontSize: 11, className: "slutetikett"})
        : null,
      Plot.tip(
        punkter,
        Plot.pointer({
          x: "datum",
          y: "varde",
          title: (d) =>
            `${d.namn}\n${formatPeriod(d.period)}\n${formatVarde(d.varde, matt)}${matt === "index" ? "" : " per invånare och dag"}` +
            (d.preliminar ? "\nPreliminärt värde" : "")
        })
      )
    ]
  });
  if (etiketter) spridPlotEtiketter(plot, "slutetikett");
  const fmt = (v) => formatVarde(v, matt);
  const tabellSerier = serier.map((s) => ({namn: s.namn, punkter: s.punkter}));
  const vad = amne ?? String(titel ?? "").split(":")[0].trim();
  return diagram(plot, {
    titel,
    sammanfattning: tidsserieText(tabellSerier, {subjekt: (namn) => `${vad || "Värdet"}${matt === "index" ? " (index)" : ""} i ${namn}`, fmt}),
    tabell: {...tidsserieTabell(tabellSerier, {fmt, periodRubrik: PERIODTYP_NAMN[periodTyp(perioder[0]) ?? "halvar"]}), caption: `${titel}, ${enhet}`}
  });
}

/**
 * A wide table: one row per period (latest first), one column per region, values in the chosen measure.
 * serier: [{key, namn, punkter}]; perioder: the periods shown (one kind).
 */
export function jamforTabell(serier, perioder, {matt, caption}) {
  const table = document.createElement("table");
  table.className = "value-table jamfor-tabell";
  if (caption) table.createCaption().textContent = caption;
  const hr = table.createTHead().insertRow();
  const th0 = document.createElement("th");
  th0.scope = "col";
  th0.textContent = PERIODTYP_NAMN[periodTyp(perioder[0]) ?? "halvar"];
  hr.appendChild(th0);
  for (const s of serier) {
    const th = document.createElement("th");
    th.scope = "col";
    th.className = "num";
    th.textContent = s.namn;
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  const perSerie = serier.map((s) => new Map(s.punkter.map((p) => [p.period, p])));
  for (const period of [...perioder].reverse()) {
    const tr = tbody.insertRow();
    tr.dataset.period = period;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = formatPeriod(period);
    tr.appendChild(th);
    for (const m of perSerie) {
      const p = m.get(period);
      const td = tr.insertCell();
      td.className = "num";
      td.textContent = p?.varde == null ? "–" : formatVarde(p.varde, matt) + (p.preliminar ? " (prel.)" : "");
    }
  }
  return table;
}

/** The periods from `fran` to `till` inclusive (one kind) that exist in the data. */
export function periodSpann(perioder, fran, till) {
  const set = new Set(periodSekvens(fran, till));
  return perioder.filter((p) => set.has(p));
}
