// The dashboard: reads the filters from the URL, asks the JSON API of
// `parley serve` for statistics and events, and draws the timeline, the map
// and the event table. The URL is the single source of state, so any view
// can be shared or restored by its address.
import "uplot/dist/uPlot.min.css";
import "./app.css";
import { drawTimeline, fitTimeline } from "./timeline.js";
import { drawMap } from "./map.js";
import { renderRows, showDetail } from "./table.js";
import { ROOTS, QUADS } from "./cameo.js";

const FILTERS = ["from", "to", "actor", "dyad", "root", "quad", "q"];
const TABLE_PAGE = 50;
const MAP_LIMIT = 1000;

const $ = (id) => document.getElementById(id);
const form = $("filters");

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of [...FILTERS, "by"]) if (p.get(k)) s[k] = p.get(k);
  return s;
}

function fillForm(s) {
  for (const k of [...FILTERS, "by"]) form.elements[k].value = s[k] || (k === "by" ? "month" : "");
}

function stateFromForm() {
  const s = {};
  for (const k of [...FILTERS, "by"]) {
    const v = form.elements[k].value.trim();
    if (v) s[k] = k === "actor" || k === "dyad" ? v.toUpperCase().replace(/\s+/g, "") : v;
  }
  if (s.by === "month") delete s.by;
  return s;
}

function query(s, extra) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (s[k]) p.set(k, s[k]);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

function describe(s) {
  const parts = [];
  if (s.dyad) parts.push(s.dyad.replace(",", " → "));
  if (s.actor) parts.push(s.actor);
  if (s.root) parts.push(`${s.root} ${ROOTS[s.root] || ""}`.trim());
  if (s.quad) parts.push(QUADS[s.quad].name);
  if (s.q) parts.push(`“${s.q}”`);
  if (s.from || s.to) parts.push(`${s.from || "…"} – ${s.to || "…"}`);
  return parts.length ? parts.join(" · ") : "All events";
}

const fmt = new Intl.NumberFormat("en");

function showKpis(total) {
  const t = total[0] || { events: 0, mentions: 0, goldstein_mean: null, cooperation: 0, conflict: 0 };
  $("k-events").textContent = fmt.format(t.events);
  $("k-mentions").textContent = fmt.format(t.mentions);
  $("k-goldstein").textContent = t.events && t.goldstein_mean != null ? t.goldstein_mean.toFixed(2) : "–";
  const both = t.cooperation + t.conflict;
  const share = both ? t.cooperation / both : null;
  $("k-balance").textContent = share == null ? "–" : `${Math.round(share * 100)}%`;
  $("k-meter").style.width = share == null ? "0" : `${share * 100}%`;
}

// A list of the most active dyads or actors, each with a bar split by
// cooperation and conflict; a click filters the dashboard to it.
function topList(el, rows, label, filter) {
  el.replaceChildren();
  const max = Math.max(1, ...rows.map((r) => r.events));
  for (const r of rows) {
    const li = document.createElement("li");
    li.tabIndex = 0;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = label(r);
    who.title = r.name || label(r);
    const n = document.createElement("span");
    n.className = "n";
    n.textContent = fmt.format(r.events);
    const bar = document.createElement("span");
    bar.className = "bar";
    const coop = document.createElement("span");
    coop.style.width = `${(100 * r.cooperation) / max}%`;
    coop.style.background = "var(--q2)";
    const conf = document.createElement("span");
    conf.style.width = `${(100 * r.conflict) / max}%`;
    conf.style.background = "var(--q4)";
    bar.append(coop, conf);
    bar.setAttribute("aria-label", `${r.cooperation} cooperative, ${r.conflict} conflictual`);
    li.append(who, n, bar);
    const go = () => {
      const s = { ...current, ...filter(r) };
      if (s.dyad) delete s.actor;
      if (s.actor) delete s.dyad;
      history.pushState(null, "", `?${new URLSearchParams(s)}`);
      load();
    };
    li.addEventListener("click", go);
    li.addEventListener("keydown", (e) => e.key === "Enter" && go());
    el.append(li);
  }
}

function showTops(stats) {
  topList($("top-dyads"), stats.top_dyads || [], (r) => `${r.source} → ${r.target}`, (r) => ({ dyad: `${r.source},${r.target}` }));
  topList($("top-actors"), stats.top_actors || [], (r) => (r.name ? `${r.code} · ${r.name}` : r.code), (r) => ({ actor: r.code }));
}

function showError(msg) {
  const el = $("error");
  el.textContent = msg;
  el.hidden = !msg;
}

let cursor = null;
let current = {};


async function loadTable(s, append) {
  const extra = { limit: String(TABLE_PAGE) };
  if (append && cursor) extra.cursor = cursor;
  const page = await api(`api/events?${query(s, extra)}`);
  const tbody = document.querySelector("#events tbody");
  if (!append) tbody.replaceChildren();
  renderRows(tbody, page.events, openDetail);
  cursor = page.next_cursor;
  $("more").hidden = !cursor;
  const n = tbody.rows.length;
  $("count").textContent = n ? `${fmt.format(n)} shown${cursor ? " — more available" : ""}` : "No events match these filters.";
  document.body.dataset.rows = String(n);
}

// The open event is part of the URL too (?event=ID), so it can be shared.
function setEventInUrl(id) {
  const p = new URLSearchParams(location.search);
  if (id) p.set("event", id);
  else p.delete("event");
  const q = p.toString();
  history.replaceState(null, "", q ? `?${q}` : location.pathname);
}

async function openDetail(id) {
  try {
    const d = await api(`api/event/${encodeURIComponent(id)}`);
    showDetail($("detail"), $("d-body"), d);
    setEventInUrl(id);
  } catch (e) {
    showError(e.message);
  }
}

async function load() {
  const s = stateFromUrl();
  current = s;
  fillForm(s);
  $("scope").textContent = describe(s);
  document.body.dataset.state = "loading";
  showError("");
  try {
    const [stats, mapPage] = await Promise.all([
      api(`api/stats?${query(s, s.by ? { by: s.by } : {})}`),
      api(`api/events?${query(s, { limit: String(MAP_LIMIT) })}`),
      loadTable(s, false),
    ]);
    showKpis(stats.total);
    const periods = drawTimeline($("chart-counts"), $("chart-goldstein"), stats, $("readout"));
    showTops(stats);
    $("timeline-empty").hidden = periods > 0;
    document.body.dataset.periods = String(periods);
    const placed = drawMap($("map"), mapPage.events);
    $("map-note").textContent = `${fmt.format(placed)} of ${fmt.format(mapPage.count)}${mapPage.next_cursor ? "+" : ""} events located`;
    const ev = new URLSearchParams(location.search).get("event");
    if (ev && /^[0-9a-f]{1,16}$/.test(ev)) await openDetail(ev);
    document.body.dataset.state = "ready";
  } catch (e) {
    showError(e.message);
    document.body.dataset.state = "error";
  }
}

async function loadActors() {
  try {
    const { actors } = await api("api/actors?sort=count&limit=300");
    const list = $("actor-list");
    for (const a of actors) {
      const o = document.createElement("option");
      o.value = a.code;
      o.label = a.name ? `${a.name} (${a.events})` : `${a.events} events`;
      list.append(o);
    }
  } catch (e) {
    // The list only helps typing; the dashboard works without it.
  }
}

function init() {
  const root = form.elements.root;
  for (const [code, name] of Object.entries(ROOTS)) {
    const o = document.createElement("option");
    o.value = code;
    o.textContent = `${code} ${name}`;
    root.append(o);
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    const s = stateFromForm();
    for (const [k, v] of Object.entries(s)) q.set(k, v);
    const url = q.toString() ? `?${q}` : location.pathname;
    history.pushState(null, "", url);
    load();
  });
  $("reset").addEventListener("click", () => {
    history.pushState(null, "", location.pathname);
    load();
  });
  $("more").addEventListener("click", () => loadTable(current, true).catch((e) => showError(e.message)));
  window.addEventListener("popstate", load);
  $("detail").addEventListener("close", () => setEventInUrl(null));
  new ResizeObserver(() => fitTimeline(Math.max($("chart-counts").clientWidth, 200))).observe($("chart-counts"));
  loadActors();
  load();
}

init();
