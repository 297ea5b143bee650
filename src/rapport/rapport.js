// The board report on screen and on paper (src/rapport/[typ]/[id].md): one A4 page, two at most, from a region's
// precomputed document (src/data/rapport.ts). Every figure and sentence comes from the document; this module only
// arranges them. Legible in black and white: no meaning carried by colour alone — arrows with signs and words,
// charts with line patterns, marker shapes and direct labels.
import * as Inputs from "npm:@observablehq/inputs";
import * as Plot from "npm:@observablehq/plot";
import {html} from "npm:htl";
import {formatBelopp, formatDatum, formatKr, formatKrChange, formatNumber, formatPercent} from "../components/format.js";
import {formatPeriod, formatPeriodKort, periodMitt, periodTyp} from "../components/perioder.js";
import {setParams} from "../components/urlstate.js";

const TYP_NAMN = {forbund: "Samordningsförbund", kommun: "Kommun", lan: "Län"};
const ERS_KORT = {
  sjukpenning: "Sjukpenning",
  sjuk_och_aktivitetsersattning: "Sjuk- och aktivitetsersättning",
  arbetsloshetsersattning: "Arbetslöshetsersättning",
  aktivitetsstod: "Aktivitetsstöd",
  etableringsersattning: "Etableringsersättning",
  ekonomiskt_bistand: "Ekonomiskt bistånd",
  totalt: "Totalt"
};
/** Direction marks that read without colour: a shape, a sign on the figure, and the word for screen readers. */
const PIL = {upp: {tecken: "▲", ord: "upp"}, ned: {tecken: "▼", ord: "ned"}, oforandrat: {tecken: "▶", ord: "oförändrat"}};

/** The period asked for in the address (?period=2025H1), if the report has it; else the document's default. */
export function valdPeriod(doc, search = location.search) {
  const p = new URLSearchParams(search).get("period");
  return p && doc.block[p] ? p : doc.standard;
}

/** The period choice (on screen only): every half-year and year of the report, newest first; kept in the address. */
export function periodVal(doc, value) {
  const alla = [...doc.perioder.halvar, ...doc.perioder.ar].filter((p) => doc.block[p]);
  alla.sort((a, b) => b.slice(0, 4).localeCompare(a.slice(0, 4)) || (periodTyp(a) === "ar" ? 1 : 0) - (periodTyp(b) === "ar" ? 1 : 0) || b.localeCompare(a));
  const input = Inputs.select(alla, {label: "Period", value, format: (p) => (periodTyp(p) === "ar" ? `År ${p}` : formatPeriod(p))});
  input.addEventListener("input", () => setParams({period: input.value}, {period: doc.standard}));
  return input;
}

/** "kr" with a revision mark when the value changed since the previous download. */
function kr(value, andrad) {
  return html`<span class="tal">${formatKr(value)}${andrad ? html`<sup class="rev-markering" title="Ändrat sedan förra hämtningen">*</sup>` : ""}</span>`;
}

function andringText(a) {
  if (!a) return "–";
  return `${formatKrChange(a.kr)}${a.procent == null ? "" : ` (${formatPercent(a.procent, 1, {signed: true})})`}`;
}

function pil(riktning) {
  if (!riktning) return "";
  const p = PIL[riktning];
  return html`<span class="pil" aria-label="${p.ord}" title="${p.ord}">${p.tecken}</span>`;
}

function hamtningText(h, inlast) {
  if (h?.senast && !h.utanDatum) return `uppgifterna hämtade ${formatDatum(h.senast)}`;
  if (h?.senast) return `uppgifterna hämtade senast ${formatDatum(h.senast)} (${h.utanDatum} av ${h.filer} filer utan hämtningsdatum)`;
  return `hämtningsdatum saknas — databasen läst in ${formatDatum(inlast)}`;
}

/** The running header of the PDF (page.pdf headerTemplate) and the page's own: region, period, retrieval. */
export function rapportRubrik(doc, period) {
  const b = doc.block[period];
  return {
    titel: `Rapport: ${doc.namn}, ${formatPeriod(period)}`,
    hamtning: b ? hamtningText(b.hamtning, doc.inlast) : ""
  };
}

/**
 * A table built with the DOM (cells interpolated between <td>s by a template would be moved out of the table by the
 * HTML parser). huvud: header cells; rader: {celler, klass?}; a cell is text, a Node, or {v, tal: true} (a number,
 * right-aligned); the first cell of a body row is its row header unless rubrik is given.
 */
function tabell({caption, huvud, rader, fot, klass = "", testid, rubrik = 0}) {
  const t = document.createElement("table");
  t.className = `rapport-tabell ${klass}`.trim();
  if (testid) t.dataset.testid = testid;
  if (caption) t.createCaption().append(caption);
  const cell = (spec, tag, scope) => {
    const e = document.createElement(tag);
    if (scope) e.scope = scope;
    const c = spec && typeof spec === "object" && !(spec instanceof Node) ? spec : {v: spec};
    if (c.tal) e.className = "tal";
    if (c.v instanceof Node) e.append(c.v);
    else e.textContent = c.v == null ? "" : String(c.v);
    return e;
  };
  const sektion = (tag, rows) => {
    const s = document.createElement(tag);
    for (const r of rows) {
      const tr = document.createElement("tr");
      if (r.klass) tr.className = r.klass;
      r.celler.forEach((c, i) => tr.append(tag === "thead" ? cell(c, "th", "col") : i === rubrik ? cell(c, "th", "row") : cell(c, "td")));
      s.append(tr);
    }
    t.append(s);
  };
  sektion("thead", [{celler: huvud}]);
  sektion("tbody", rader);
  if (fot) sektion("tfoot", [fot]);
  // On a narrow screen a wide table scrolls in its own region (keyboard-reachable, src/components/tillganglighet.js)
  // instead of widening the page; on paper the region is plain.
  const ruta = document.createElement("div");
  ruta.className = "table-scroll rapport-tabell-ruta";
  ruta.append(t);
  return ruta;
}

const ROLL_ORD = {forbund: "Förbundet", kommun: "Kommunen", lan: "Länet"};

/** A small line chart of the last periods of the same kind: region, län and riket, told apart by pattern and label. */
function trendDiagram(doc, period, width) {
  const typ = periodTyp(period);
  const perioder = doc.perioder[typ].filter((p) => p <= period && doc.block[p]).slice(typ === "ar" ? -6 : -8);
  const forstaLan = doc.block[period].jamforelse.find((r) => r.roll === "lan")?.kod;
  const rader = [];
  for (const p of perioder) {
    for (const r of doc.block[p].jamforelse) {
      if (r.nu == null || (r.roll === "lan" && r.kod !== forstaLan)) continue;
      // Short direct labels on one line each ("Förbundet", "Länet", "Riket"); the caption names them.
      rader.push({period: p, datum: periodMitt(p), namn: r.roll === "region" ? ROLL_ORD[doc.typ] : r.roll === "lan" ? "Länet" : "Riket", roll: r.roll, kr: r.nu});
    }
  }
  const namn = [...new Set(rader.map((r) => r.namn))];
  const roll = new Map(rader.map((r) => [r.namn, r.roll]));
  const monster = {region: null, lan: "6,3", riket: "2,3"};
  const symbol = {region: "circle", lan: "square", riket: "triangle"};
  // Direct labels at the line ends, nudged apart so close values stay readable.
  const sista = namn.map((n) => rader.filter((r) => r.namn === n).at(-1)).filter((d) => d.period === period).sort((a, b) => a.kr - b.kr);
  const varden = rader.map((r) => r.kr);
  const spann = Math.max(...varden) - Math.min(...varden) || 1;
  for (let i = 1; i < sista.length; i++) sista[i].etikettY = Math.max(sista[i].kr, (sista[i - 1].etikettY ?? sista[i - 1].kr) + spann * 0.16);
  const visaVarannan = perioder.length > 5;
  return Plot.plot({
    width,
    height: 130,
    marginRight: 84,
    marginLeft: 34,
    marginBottom: 24,
    style: {fontSize: "9px", color: "#000", background: "transparent"},
    x: {type: "utc", label: null, ticks: perioder.filter((_, i) => !visaVarannan || (perioder.length - 1 - i) % 2 === 0).map(periodMitt), tickFormat: (d) => formatPeriodKort(perioder.find((p) => +periodMitt(p) === +d) ?? "")},
    y: {label: "kr per invånare och dag", grid: true, tickFormat: (v) => formatNumber(v, 0), nice: true},
    marks: [
      ...namn.map((n) =>
        Plot.line(rader.filter((r) => r.namn === n), {x: "datum", y: "kr", stroke: "#000", strokeWidth: roll.get(n) === "region" ? 2.5 : 1.3, strokeDasharray: monster[roll.get(n)]})
      ),
      Plot.dot(rader, {x: "datum", y: "kr", symbol: (d) => symbol[d.roll], fill: (d) => (d.roll === "region" ? "#000" : "#fff"), stroke: "#000", r: 2.5}),
      Plot.text(sista, {x: "datum", y: (d) => d.etikettY ?? d.kr, text: (d) => `${d.namn} ${formatNumber(d.kr, 2)}`, dx: 7, textAnchor: "start", fill: "#000"})
    ],
    ariaLabel: `Försörjningsmåttet ${perioder.length ? `${formatPeriod(perioder[0])} – ${formatPeriod(perioder.at(-1))}` : ""}: ${namn.join(", ")}`,
    ariaDescription: sista.map((d) => `${d.namn} ${formatKr(d.kr)} ${formatPeriod(d.period)}`).join("; ")
  });
}

/** Splits a long list into n nearly equal parts (a län's 49 kommuner in three side-by-side tables). */
function delar(lista, n) {
  const storlek = Math.ceil(lista.length / n);
  return Array.from({length: n}, (_, i) => lista.slice(i * storlek, (i + 1) * storlek)).filter((d) => d.length);
}

/** The whole report for one period. */
export function rapportVy(doc, period, {width = 700} = {}) {
  const b = doc.block[period];
  if (!b) {
    return html`<article class="rapport" data-rapport-klar="${period ?? "ingen"}">
      <header class="rapport-huvud"><p class="rapport-overrad">Rapport · Försörjningsmåttet</p><h1>${doc.namn}</h1></header>
      <p class="tomt-lage" role="status" data-testid="rapport-tom">${doc.namn} har inga beräknade värden för försörjningsmåttet totalt i underlaget${doc.typ === "forbund" ? " (ett förbund vars medlemmar bara är delar av kommuner får värden först när underlaget har områden under kommun)" : ""}, så det finns ingen rapport att visa.</p>
    </article>`;
  }
  const ar = periodTyp(period) === "ar";
  const andrad = new Map(b.andringar.map((a) => [a.nyckel, a]));
  const rev = (typ, kod, p, ersattning = "totalt") => p != null && andrad.has(`${typ}:${kod}|${p}|${ersattning}`);
  const region = b.jamforelse[0];
  const text = [b.text.huvudmening, b.text.forandring, b.text.omfattning, b.text.jamforelse].filter(Boolean);
  const tal = (v) => ({v, tal: true});

  const jamforTabell = tabell({
    testid: "rapport-jamforelse",
    caption: `Försörjningsmåttet, kr per invånare ${doc.band} och dag${b.omfattning ? ` (${b.omfattning})` : ""}`,
    huvud: [
      "",
      tal(formatPeriod(period)),
      ...(ar ? [] : [tal(html`<span>Halvåret före<br><span class="liten">${b.foregaende ? formatPeriod(b.foregaende) : "–"}</span></span>`), tal("Förändring")]),
      tal(html`<span>${ar ? "Året före" : "Ett år tidigare"}<br><span class="liten">${b.aretFore ? formatPeriod(b.aretFore) : "–"}</span></span>`),
      tal("Förändring")
    ],
    rader: b.jamforelse.map((r) => ({
      klass: r.roll === "region" ? "fokus" : "",
      celler: [
        r.preliminar ? html`<span>${r.namn} <span class="liten">(prel.)</span></span>` : r.namn,
        tal(kr(r.nu, rev(r.typ, r.kod, period))),
        ...(ar ? [] : [tal(r.foregaende == null ? "–" : kr(r.foregaende, rev(r.typ, r.kod, b.foregaende))), tal(andringText(r.andringForegaende))]),
        tal(r.aretFore == null ? "–" : kr(r.aretFore, rev(r.typ, r.kod, b.aretFore))),
        tal(andringText(r.andringAretFore))
      ]
    }))
  });

  const komponentTabell = tabell({
    testid: "rapport-komponenter",
    caption: "Ersättningarna, kr per invånare och dag",
    huvud: ["Ersättning", tal(formatPeriodKort(period)), tal(b.aretFore ? formatPeriodKort(b.aretFore) : "Året före"), tal("Förändring"), tal("Andel")],
    rader: b.komponenter.map((k) => ({
      celler: [
        k.baraEnPeriod ? html`<span>${ERS_KORT[k.ersattning] ?? k.namn}<sup>†</sup></span>` : ERS_KORT[k.ersattning] ?? k.namn,
        tal(k.nu == null ? "–" : kr(k.nu, rev(doc.typ, doc.kod, period, k.ersattning))),
        tal(k.aretFore == null ? "–" : kr(k.aretFore, rev(doc.typ, doc.kod, b.aretFore, k.ersattning))),
        tal(k.andring == null ? "–" : formatKrChange(k.andring)),
        tal(k.andelProcent == null ? "–" : formatPercent(k.andelProcent))
      ]
    })),
    fot: {celler: ["Totalt", tal(formatKr(b.varde)), tal(region.aretFore == null ? "–" : formatKr(region.aretFore)), tal(region.andringAretFore ? formatKrChange(region.andringAretFore.kr) : "–"), tal(formatPercent(100))]}
  });

  const medlemmar = b.medlemmar ?? [];
  const medlemDelar = delar(medlemmar, medlemmar.length > 24 ? 3 : medlemmar.length > 10 ? 2 : 1);
  const medlemTabellDelar = medlemDelar.map((del) =>
    tabell({
      rubrik: 1,
      huvud: [tal("Plats"), "Kommun", tal("kr"), tal(`Mot ${b.aretFore ? formatPeriodKort(b.aretFore) : "året före"}`)],
      rader: del.map((m) => ({
        celler: [
          tal(m.plats),
          m.preliminar ? html`<span>${m.namn} <span class="liten">(prel.)</span></span>` : m.namn,
          tal(kr(m.nu, rev("kommun", m.kod, period))),
          tal(m.andring == null ? "–" : html`<span>${pil(m.riktning)} ${formatKrChange(m.andring)}</span>`)
        ]
      }))
    })
  );
  const medlemText = b.text.medlemmar
    ? html`<p data-testid="rapport-medlemtext">${b.text.medlemmar} <span class="liten">▲ upp, ▼ ned, ▶ oförändrat mot ${b.aretFore ? formatPeriod(b.aretFore) : "året före"}.</span></p>`
    : "";
  const rang = b.rang
    ? html`<p class="rapport-rang" data-testid="rapport-rang">Plats ${b.rang.riket[0]} av ${b.rang.riket[1]} bland kommunerna i riket${b.rang.lan ? `, ${b.rang.lan[0]} av ${b.rang.lan[1]} i ${b.jamforelse.find((r) => r.roll === "lan")?.namn ?? "länet"}` : ""} (1 = högst).</p>`
    : null;

  const hae = b.hae
    ? html`<p data-testid="rapport-hae"><strong>Helårsekvivalenter:</strong> ${b.text.hae} ${b.hae.lanProcent != null ? `${b.jamforelse.find((r) => r.roll === "lan")?.namn ?? "Länet"}: ${formatPercent(b.hae.lanProcent)}.` : ""} <span class="liten">SCB:s helårsekvivalenter, summan av ${b.hae.ersattningar} ersättningar, som andel av befolkningen 20–64 år.</span></p>`
    : null;

  // A few members: the table beside the sentences; many (a län's kommuner): side-by-side tables across the page.
  const medlemTabeller = medlemmar.length
    ? html`<section class="rapport-del rapport-medlemmar" data-testid="rapport-medlemmar">
      <h2>${doc.typ === "lan" ? "Länets kommuner" : "Medlemskommunerna"}, rangordnade</h2>
      ${medlemDelar.length === 1
        ? html`<div class="rapport-kolumner">${medlemTabellDelar[0]}<div>${medlemText}${hae ?? ""}</div></div>`
        : html`<div class="rapport-medlem-kolumner" style="grid-template-columns: repeat(${medlemDelar.length}, minmax(0, 1fr))">${medlemTabellDelar}</div>${medlemText}${hae ?? ""}`}
    </section>`
    : null;

  const ins = b.insatser;
  const insatsDel = ins
    ? html`<section class="rapport-del" data-testid="rapport-insatser">
      <h2>Insatser ${ins.ar}${ins.helar ? html` <span class="liten">(helåret — insatsuppgifterna finns per år, inte per halvår)</span>` : ""}</h2>
      <p>Deltagare under året: ${fmtAntal(ins.summa.deltagare.T)} (${fmtAntal(ins.summa.deltagare.K)} kvinnor, ${fmtAntal(ins.summa.deltagare.M)} män). Avslutade: ${fmtAntal(ins.summa.avslutade.T)}${ins.summa.andelArbeteStudier == null ? "" : ins.summa.andelArbeteStudier === ".." ? "; andelen till arbete eller studier visas inte (för få personer)" : `, varav ${fmtAntal(ins.summa.tillArbeteStudier)} av ${fmtAntal(ins.summa.avslutadeMedUppgift)} med känd sysselsättning gick till arbete eller studier (${formatPercent(ins.summa.andelArbeteStudier)})`}.</p>
      ${tabell({
        testid: "rapport-insatstabell",
        huvud: ["Insats", tal("Deltagare"), tal("Avslutade"), tal("Till arbete/ studier"), tal("Budget, tkr"), tal("Utfall, tkr"), tal("Utfall av budget")],
        rader: ins.rader.map((r) => ({
          celler: [
            r.namn,
            tal(fmtAntal(r.deltagare)),
            tal(fmtAntal(r.avslutade)),
            tal(r.andelArbeteStudier == null ? "–" : r.andelArbeteStudier === ".." ? ".." : formatPercent(r.andelArbeteStudier)),
            tal(r.budget == null ? "–" : formatTkr(r.budget)),
            tal(r.utfall == null ? "–" : formatTkr(r.utfall)),
            tal(r.budget && r.utfall != null ? formatPercent((r.utfall / r.budget) * 100, 0) : "–")
          ]
        })),
        fot: {celler: [
          "Summa",
          tal(fmtAntal(ins.summa.deltagare.T)),
          tal(fmtAntal(ins.summa.avslutade.T)),
          tal(ins.summa.andelArbeteStudier == null ? "–" : ins.summa.andelArbeteStudier === ".." ? ".." : formatPercent(ins.summa.andelArbeteStudier)),
          tal(ins.summa.budget == null ? "–" : formatTkr(ins.summa.budget)),
          tal(ins.summa.utfall == null ? "–" : formatTkr(ins.summa.utfall)),
          tal(ins.summa.budget && ins.summa.utfall != null ? formatPercent((ins.summa.utfall / ins.summa.budget) * 100, 0) : "–")
        ]}
      })}
      <p class="not">Deltagare = deltaganden under året (en person i två insatser räknas två gånger) och anonyma deltagare. Till arbete/studier = andel av de avslutade med känd sysselsättning efteråt; i riket gick omkring en tredjedel av dem som avslutade en Finsam-insats direkt till arbete eller studier (Försäkringskassan, 2015). Antal under 5 personer visas som ”..”, liksom de värden som annars skulle avslöja dem. Underlag: ${hamtningText(ins.hamtning, doc.inlast).replace(/^uppgifterna /, "")}.</p>
    </section>`
    : null;

  const ek = b.ekonomi;
  const ekonomiDel = ek
    ? html`<section class="rapport-del" data-testid="rapport-ekonomi">
      <h2>Statens medel, ${doc.modellEtikett}</h2>
      <div class="rapport-kolumner">
        <div>
          <p>Beräknad tilldelning på ${ek.ar} års underlag: <strong>${formatBelopp(ek.tilldelning)}</strong>${ek.forraAret ? ` (${ek.forraAret.ar}: ${formatBelopp(ek.forraAret.tilldelning)}; ${formatKrChange(ek.andring.kr, 0)}${ek.andring.procent == null ? "" : `, ${formatPercent(ek.andring.procent, 1, {signed: true})}`})` : ""}.${ek.utanData ? " Förbundet saknar utbetalningar i underlaget det året och får bara grundbeloppet." : ""}</p>
          <p class="not">Inställningar: statens budget B = ${formatBelopp(ek.installningar.budget)}, grundbelopp G = ${formatBelopp(ek.installningar.grundbelopp)} per förbund, ${ek.installningar.antalForbund} förbund; vikter ${formatNumber(ek.installningar.viktBelopp * 100, 0)} % utbetalda belopp och ${formatNumber(ek.installningar.viktBefolkning * 100, 0)} % befolkning ${doc.band}. Den verkliga modellen har också en övergångsspärr och ett tak för eget kapital.</p>
        </div>
        <div data-testid="rapport-medlemsandelar">${ek.medlemsandelar
          ? html`<p class="rapport-tabellrubrik">Medlemmarnas andelar av kommunernas fjärdedel, budgetåret ${ek.medlemsandelar.budgetar}</p>
            <div class="rapport-medlem-kolumner" style="grid-template-columns: repeat(${ek.medlemsandelar.rader.length > 3 ? 2 : 1}, minmax(0, 1fr))">${delar(ek.medlemsandelar.rader, ek.medlemsandelar.rader.length > 3 ? 2 : 1).map((del) =>
              tabell({huvud: ["Kommun", tal("Andel")], rader: del.map((r) => ({celler: [r.namn, tal(formatPercent(r.andelProcent))]}))})
            )}</div>
            <p class="not">Nyckel: ${ek.medlemsandelar.nyckel}.</p>`
          : ""}</div>
      </div>
    </section>`
    : null;

  const andringar = b.andringar.length
    ? html`<section class="rapport-del" data-testid="rapport-andringar">
      <h2>* Ändrat sedan förra hämtningen</h2>
      ${tabell({
        klass: "smal",
        huvud: ["Region", "Period", "Ersättning", tal("Tidigare"), tal("Nu")],
        rader: b.andringar.map((a) => ({celler: [a.namn, formatPeriodKort(a.period), ERS_KORT[a.ersattning] ?? a.ersattning, tal(formatKr(a.tidigare)), tal(formatKr(a.nu))]}))
      })}
    </section>`
    : null;

  const baraEn = b.komponenter.some((k) => k.baraEnPeriod);
  return html`<article class="rapport" data-rapport-klar="${period}" data-testid="rapport">
    <header class="rapport-huvud">
      <p class="rapport-overrad">Rapport · Försörjningsmåttet · ${TYP_NAMN[doc.typ]}</p>
      <h1>${doc.namn}</h1>
      <p class="rapport-meta"><strong>${formatPeriod(period)}</strong> · ${hamtningText(b.hamtning, doc.inlast)}</p>
      ${doc.demodata ? html`<p class="rapport-demo" role="note"><strong>Demodata:</strong> siffrorna är syntetiska och visar hur rapporten fungerar — de är inte verklig statistik.</p>` : ""}
    </header>
    <section class="rapport-topp">
      <div class="rapport-kpi" data-testid="rapport-kpi">
        <div class="rapport-kpi-varde">${kr(b.varde, rev(doc.typ, doc.kod, period))}</div>
        <div>per invånare ${doc.band} och dag${b.preliminar ? " (preliminärt)" : ""}</div>
        <div class="rapport-kpi-andring">${region.andringAretFore ? html`${pil(region.andringAretFore.kr > 0 ? "upp" : region.andringAretFore.kr < 0 ? "ned" : "oforandrat")} ${andringText(region.andringAretFore)} mot ${formatPeriodKort(b.aretFore)}` : ""}</div>
        ${b.tackning ? html`<div class="liten">${b.tackning[0]} av ${b.tackning[1]} medlemskommuner har värden; värdet avser dem.</div>` : ""}
      </div>
      <div class="rapport-text" data-testid="rapport-text">${text.map((t) => html`<p>${t}</p>`)}</div>
    </section>
    ${jamforTabell}
    <div class="rapport-kolumner">
      <div>${komponentTabell}${baraEn ? html`<p class="not">† Ingår bara i underlaget för en av de två perioderna och räknas som 0 i den andra.</p>` : ""}</div>
      <figure class="rapport-diagram">${trendDiagram(doc, period, 300)}<figcaption class="not">Försörjningsmåttet ${ar ? "per år" : "per halvår"}, kr per invånare och dag. Heldragen tjock linje med fyllda ringar: ${doc.namn}${doc.typ === "lan" ? "" : `; streckad med kvadrater: ${b.jamforelse.find((r) => r.roll === "lan")?.namn ?? "länet"}`}; prickad med trianglar: riket.</figcaption>${rang ?? ""}</figure>
    </div>
    ${medlemTabeller ?? hae ?? ""}
    ${insatsDel ?? ""}
    ${ekonomiDel ?? ""}
    ${andringar ?? ""}
    <footer class="rapport-fot">
      <p><strong>Att läsa siffrorna:</strong> ${doc.forsiktighet} ${doc.senRegistrering}</p>
      <p class="liten">Försörjningsmåttet = utbetalda belopp (de sex ersättningarna) / (befolkningen ${doc.band} × dagarna i ${ar ? "året" : "halvåret"})${doc.typ === "kommun" ? "" : "; län, riket och förbund som kvoter av summor"}. Förändring i kr = skillnaden mellan de avrundade värdena, i procent räknad på de exakta; ersättningarnas delar summerar exakt. Texten är genererad ur siffrorna${b.andringar.length ? "; * = ändrat sedan förra hämtningen" : ""}. Mer på sidan Metod.</p>
    </footer>
  </article>`;
}

function fmtAntal(v) {
  if (v === ".." || v == null) return v ?? "–";
  return formatNumber(v, 0);
}

function formatTkr(kr) {
  return formatNumber(kr / 1000, 0);
}
