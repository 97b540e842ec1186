// The event table and the event detail dialog. Evidence sentences come with
// byte offsets (UTF-8, into the original document) for the source, target
// and action; they are turned into <mark> elements. Everything from the API
// goes into the page as text nodes, never as HTML.
import { ROOTS, QUADS } from "./cameo.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function span(obj) {
  return obj && Number.isInteger(obj.start) && Number.isInteger(obj.end) && obj.start >= 0 && obj.end > obj.start ? [obj.start, obj.end] : null;
}

// The evidence text with the spans that fall inside it highlighted.
export function highlight(ev) {
  const evid = ev.evidence || {};
  const text = evid.text || "";
  const base = Number.isInteger(evid.start) ? evid.start : null;
  const out = h("span", {});
  if (base == null) {
    out.append(text);
    return out;
  }
  const bytes = enc.encode(text);
  const marks = [];
  for (const [cls, obj] of [["src", ev.source], ["tgt", ev.target], ["act", ev.action]]) {
    const s = span(obj);
    if (!s) continue;
    const a = s[0] - base, b = s[1] - base;
    if (a >= 0 && b <= bytes.length) marks.push([a, b, cls]);
  }
  marks.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let pos = 0;
  for (const [a, b, cls] of marks) {
    if (a < pos) continue;  // overlapping spans: the first one wins
    if (a > pos) out.append(dec.decode(bytes.subarray(pos, a)));
    out.append(h("mark", { class: cls, title: { src: "source", tgt: "target", act: "action" }[cls] }, dec.decode(bytes.subarray(a, b))));
    pos = b;
  }
  if (pos < bytes.length) out.append(dec.decode(bytes.subarray(pos)));
  return out;
}

function actor(a) {
  if (!a) return h("span", { class: "actor muted" }, "—");
  return h("span", { class: "actor", title: a.name || a.text || a.code }, a.code);
}

function badge(ev) {
  const q = QUADS[ev.quad];
  const b = h("span", { class: `badge q${ev.quad}`, title: q ? q.name : "" }, ROOTS[ev.root] || ev.root);
  return b;
}

export function renderRows(tbody, events, onOpen) {
  for (const ev of events) {
    const place = ev.place ? [ev.place.name, ev.place.country].filter(Boolean).join(", ") : "";
    const tr = h(
      "tr",
      { tabindex: "0", "data-root": ev.root, "data-quad": String(ev.quad), "data-id": ev.id || "" },
      h("td", { class: "date" }, ev.date || "?"),
      h("td", {}, actor(ev.source), h("span", { class: "arrow", "aria-label": "to" }, "→"), actor(ev.target)),
      h("td", { class: "act" }, badge(ev), h("span", { class: "code" }, ev.cameo), ev.negated ? h("span", { class: "neg" }, "negated") : null),
      h("td", { class: "num" }, typeof ev.goldstein === "number" ? ev.goldstein.toFixed(1) : ""),
      h("td", {}, place),
      h("td", { class: "evidence" }, highlight(ev)),
    );
    if (ev.id) {
      tr.addEventListener("click", () => onOpen(ev.id));
      tr.addEventListener("keydown", (e) => {
        if (e.key === "Enter") onOpen(ev.id);
      });
    }
    tbody.append(tr);
  }
}

export function showDetail(dialog, body, data) {
  const ev = data.event;
  const facts = h("dl", { class: "facts" });
  const add = (k, v) => {
    if (v == null || v === "") return;
    facts.append(h("dt", {}, k), h("dd", {}, v));
  };
  add("Date", ev.date + (ev.date_end ? ` – ${ev.date_end}` : ""));
  add("Source", ev.source ? `${ev.source.code} ${ev.source.name || ""} (“${ev.source.text || ""}”)` : "—");
  add("Target", ev.target ? `${ev.target.code} ${ev.target.name || ""} (“${ev.target.text || ""}”)` : "—");
  add("Action", `${ev.cameo} ${ROOTS[ev.root] || ""} · ${QUADS[ev.quad] ? QUADS[ev.quad].name : ""}`);
  add("Goldstein", typeof ev.goldstein === "number" ? ev.goldstein.toFixed(1) : null);
  add("PLOVER", ev.plover);
  add("Reporter", ev.reporter ? ev.reporter.code : null);
  add("Place", ev.place ? [ev.place.name, ev.place.admin1, ev.place.country].filter(Boolean).join(", ") : null);
  add("Confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : null);
  add("Mentions", `${ev.num_mentions} in ${ev.num_articles} articles from ${ev.num_sources} sources`);
  add("Pattern", ev.pattern);
  const mentions = h("ol", { class: "mentions" });
  for (const m of ev.mentions || [])
    mentions.append(h("li", {}, `${m.doc_id}, sentence ${m.sentence + 1}`, m.reporter ? ` (reported by ${m.reporter.code})` : ""));
  body.replaceChildren(h("p", {}, highlight(ev)), facts, h("h3", { class: "sub" }, "Mentions"), mentions);
  dialog.showModal();
}
