// The map: world countries from the bundled Natural Earth TopoJSON
// (world-atlas, 1:110m), projected with the Equal Earth projection into an
// SVG, and one dot per located event coloured by quad class. No tiles, no
// requests: the country shapes are part of the bundle.
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import { QUADS } from "./cameo.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 960;
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
const M = Math.sqrt(3) / 2;
const RAD = Math.PI / 180;

function equalEarth(lon, lat) {
  const l = lon * RAD, p = lat * RAD;
  const t = Math.asin(M * Math.sin(p)), t2 = t * t, t6 = t2 * t2 * t2;
  const x = (l * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, y];
}

// The projection's extent: x in [-2.7064, 2.7064], y in [-1.3173, 1.3173].
const XMAX = equalEarth(180, 0)[0], YMAX = equalEarth(0, 90)[1];
const SCALE = (W / 2 - 4) / XMAX;
const H = Math.ceil(2 * YMAX * SCALE + 8);

function project(lon, lat) {
  const [x, y] = equalEarth(lon, lat);
  return [W / 2 + x * SCALE, H / 2 - y * SCALE];
}

function ringPath(ring) {
  let d = "";
  let prevLon = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat);
    // A jump across the antimeridian starts a new piece instead of a streak.
    d += (prevLon == null || Math.abs(lon - prevLon) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prevLon = lon;
  }
  return d + "Z";
}

let countriesPath = null;
function countries() {
  if (countriesPath) return countriesPath;
  const geo = feature(world, world.objects.countries);
  countriesPath = geo.features.map((f) => {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    return { name: f.properties.name, d: polys.map((poly) => poly.map(ringPath).join("")).join("") };
  });
  return countriesPath;
}

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

function outline() {
  let d = "";
  for (let lat = -90; lat <= 90; lat += 2) d += (lat === -90 ? "M" : "L") + project(180, lat).map((v) => v.toFixed(1)).join(",");
  for (let lat = 90; lat >= -90; lat -= 2) d += "L" + project(-180, lat).map((v) => v.toFixed(1)).join(",");
  return d + "Z";
}

function graticule() {
  let d = "";
  for (let lon = -150; lon <= 150; lon += 30)
    for (let lat = -88; lat <= 88; lat += 4) d += (lat === -88 ? "M" : "L") + project(lon, lat).map((v) => v.toFixed(1)).join(",");
  for (let lat = -60; lat <= 60; lat += 30)
    for (let lon = -180; lon <= 180; lon += 5) d += (lon === -180 ? "M" : "L") + project(lon, lat).map((v) => v.toFixed(1)).join(",");
  return d;
}

// Draws the map into container; returns the number of events placed.
export function drawMap(container, events) {
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const title = el("title", {}, svg);
  el("path", { d: outline(), class: "sphere" }, svg);
  el("path", { d: graticule(), class: "graticule" }, svg);
  const land = el("g", {}, svg);
  for (const c of countries()) {
    const p = el("path", { d: c.d, class: "land" }, land);
    el("title", {}, p).textContent = c.name;
  }
  // Events at one place are drawn as one dot sized by their mentions and
  // coloured by the quad class of the most of them.
  const places = new Map();
  for (const ev of events) {
    const pl = ev.place;
    if (!pl || typeof pl.lat !== "number" || typeof pl.lon !== "number") continue;
    const key = `${pl.lat.toFixed(2)},${pl.lon.toFixed(2)}`;
    let agg = places.get(key);
    if (!agg) places.set(key, (agg = { pl, n: 0, mentions: 0, quads: [0, 0, 0, 0, 0] }));
    agg.n++;
    agg.mentions += ev.num_mentions || 1;
    agg.quads[ev.quad] = (agg.quads[ev.quad] || 0) + 1;
  }
  const dots = el("g", {}, svg);
  let placed = 0;
  const sorted = [...places.values()].sort((a, b) => b.mentions - a.mentions);
  for (const agg of sorted) {
    const [x, y] = project(agg.pl.lon, agg.pl.lat);
    let q = 1;
    for (let i = 2; i <= 4; i++) if (agg.quads[i] > agg.quads[q]) q = i;
    const r = Math.min(22, 3.5 + 2.2 * Math.sqrt(agg.mentions));
    const c = el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), class: `dot q${q}` }, dots);
    el("title", {}, c).textContent = `${agg.pl.name || "?"}${agg.pl.country ? ` (${agg.pl.country})` : ""}: ${agg.n} event${agg.n === 1 ? "" : "s"}, mostly ${QUADS[q].name.toLowerCase()}`;
    placed += agg.n;
  }
  // Zoom to the events (with a margin), but never closer than about a
  // third of the world, so the region stays recognisable.
  if (sorted.length) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const agg of sorted) {
      const [x, y] = project(agg.pl.lon, agg.pl.lat);
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    let w = Math.max((x1 - x0) * 1.3 + 60, W * 0.36);
    let h = Math.max((y1 - y0) * 1.3 + 60, w * (H / W) * 0.8);
    w = Math.max(w, h * (W / H) * 1.0);
    w = Math.min(w, W); h = Math.min(w * (H / W), H);
    const cx = Math.min(Math.max((x0 + x1) / 2, w / 2), W - w / 2);
    const cy = Math.min(Math.max((y0 + y1) / 2, h / 2), H - h / 2);
    svg.setAttribute("viewBox", `${(cx - w / 2).toFixed(1)} ${(cy - h / 2).toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
    // Keep dots and borders the same on-screen size whatever the zoom.
    const k = w / W;
    for (const c of dots.children) c.setAttribute("r", (Number(c.getAttribute("r")) * Math.max(k, 0.45)).toFixed(2));
    land.setAttribute("stroke-width", (0.5 * k).toFixed(2));
  }
  title.textContent = `World map with ${placed} located events`;
  svg.setAttribute("aria-label", title.textContent);
  container.replaceChildren(svg);
  container.dataset.placed = String(placed);
  return placed;
}
