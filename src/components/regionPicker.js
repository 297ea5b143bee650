// A searchable region picker (riket, län, kommun): a search field that filters a <select> with option groups.
// Works as a Framework view: the form has a .value (the region key "typ:kod") and dispatches "input" on change.

const GRUPPER = [
  {typ: "riket", label: "Riket"},
  {typ: "lan", label: "Län"},
  {typ: "kommun", label: "Kommuner"},
  {typ: "forbund", label: "Samordningsförbund"}
];

function normalisera(text) {
  return String(text).toLocaleLowerCase("sv").normalize("NFC").trim();
}

/**
 * regioner: [{typ, kod, namn}]; value: the initial key. Returns a <form> whose value is "typ:kod".
 * Typing filters the options (by name or code); if the chosen region no longer matches, the first match is chosen.
 */
export function regionPicker(regioner, {value, label = "Välj område"} = {}) {
  const form = document.createElement("form");
  form.className = "region-picker";
  form.addEventListener("submit", (event) => event.preventDefault());
  const id = `region-${Math.random().toString(36).slice(2, 8)}`;

  const sokLabel = document.createElement("label");
  sokLabel.htmlFor = `${id}-sok`;
  sokLabel.textContent = "Sök kommun eller län";
  const sok = document.createElement("input");
  sok.type = "search";
  sok.id = `${id}-sok`;
  sok.name = "sok";
  sok.placeholder = "t.ex. Uppsala";
  sok.autocomplete = "off";

  const valLabel = document.createElement("label");
  valLabel.htmlFor = `${id}-val`;
  valLabel.textContent = label;
  const select = document.createElement("select");
  select.id = `${id}-val`;
  select.name = "region";

  const antal = document.createElement("span");
  antal.className = "region-picker-antal";
  antal.setAttribute("aria-live", "polite");

  function fyll(filter) {
    const f = normalisera(filter);
    const current = select.value || value;
    select.replaceChildren();
    let n = 0;
    for (const grupp of GRUPPER) {
      const medlemmar = regioner.filter(
        (r) => r.typ === grupp.typ && (!f || normalisera(r.namn).includes(f) || r.kod.startsWith(f))
      );
      if (!medlemmar.length) continue;
      const og = document.createElement("optgroup");
      og.label = grupp.label;
      for (const r of medlemmar) {
        const opt = document.createElement("option");
        opt.value = `${r.typ}:${r.kod}`;
        opt.textContent = r.namn;
        og.appendChild(opt);
        n++;
      }
      select.appendChild(og);
    }
    antal.textContent = f ? (n === 0 ? "Inga träffar" : `${n} träffar`) : "";
    if (n === 0) return;
    const finns = [...select.options].some((o) => o.value === current);
    select.value = finns ? current : select.options[0].value;
  }

  function setValue(next, notify) {
    if (next === form.value) return;
    form.value = next;
    if (notify) form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  sok.addEventListener("input", (event) => {
    event.stopPropagation(); // only the chosen region is this view's value
    fyll(sok.value);
    if (select.options.length) setValue(select.value, true);
  });
  select.addEventListener("input", (event) => event.stopPropagation());
  select.addEventListener("change", () => setValue(select.value, true));

  const rad1 = document.createElement("div");
  rad1.className = "region-picker-rad";
  rad1.append(sokLabel, sok, antal);
  const rad2 = document.createElement("div");
  rad2.className = "region-picker-rad";
  rad2.append(valLabel, select);
  form.append(rad1, rad2);

  const start = regioner.some((r) => `${r.typ}:${r.kod}` === value) ? value : `${regioner[0].typ}:${regioner[0].kod}`;
  form.value = start;
  fyll("");
  select.value = start;
  return form;
}
