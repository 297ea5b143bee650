// The header's search box (on every page, from observablehq.config.ts): jumps to a kommun, län or förbund page by
// name or code. The index (src/data/sok.json.ts) is loaded on first use; works offline.
// Keyboard: type, ↓/↑ to move, Enter to go (the first match when none is chosen), Esc to close.
import {FileAttachment} from "observablehq:stdlib";
import {sokHref as href, sokTraffar} from "./sok.js";

function siteRoot() {
  // The title link's href is rewritten by Framework relative to the page ("./", "../"), so it is the site root.
  return document.querySelector("#observablehq-header .site-title")?.getAttribute("href") ?? "./";
}

function sokHref(post) {
  return href(post, siteRoot());
}

const TYP_NAMN = {kommun: "Kommun", forbund: "Förbund", lan: "Län"};

function init() {
  const form = document.querySelector("#observablehq-header .site-search");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const input = form.querySelector("input");
  const list = form.querySelector("ul");
  let index = null;
  let traffar = [];
  let aktiv = -1;

  async function ladda() {
    index ??= FileAttachment("../data/sok.json").json();
    return index;
  }

  function stang() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    aktiv = -1;
  }

  function visa() {
    list.replaceChildren();
    if (!input.value.trim()) return stang();
    if (!traffar.length) {
      const li = document.createElement("li");
      li.className = "site-search-tom";
      li.textContent = "Inga träffar";
      list.append(li);
    }
    traffar.forEach((post, i) => {
      const li = document.createElement("li");
      li.id = `site-search-option-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === aktiv));
      const a = document.createElement("a");
      a.href = sokHref(post);
      a.tabIndex = -1;
      const namn = document.createElement("span");
      namn.textContent = post.namn;
      const info = document.createElement("small");
      info.textContent = `${TYP_NAMN[post.typ]}${post.typ === "kommun" ? ` ${post.kod}, ${post.info}` : ""}`;
      a.append(namn, info);
      li.append(a);
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (aktiv >= 0) input.setAttribute("aria-activedescendant", `site-search-option-${aktiv}`);
    else input.removeAttribute("aria-activedescendant");
  }

  input.addEventListener("focus", () => void ladda());
  input.addEventListener("input", async () => {
    const fraga = input.value;
    const idx = await ladda();
    if (input.value !== fraga) return; // a newer keystroke wins
    traffar = sokTraffar(idx, fraga);
    aktiv = -1;
    visa();
  });
  input.addEventListener("keydown", async (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!traffar.length) return;
      event.preventDefault();
      aktiv = event.key === "ArrowDown" ? Math.min(traffar.length - 1, aktiv + 1) : Math.max(-1, aktiv - 1);
      visa();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!traffar.length && input.value.trim()) traffar = sokTraffar(await ladda(), input.value);
      const post = traffar[Math.max(0, aktiv)];
      if (post) location.href = sokHref(post);
    } else if (event.key === "Escape") {
      stang();
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) stang();
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}
