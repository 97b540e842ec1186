// The timeline: stacked event counts per period by quad class, and below it
// the mean Goldstein score with the cooperation/conflict balance, both drawn
// with uPlot from one /api/stats answer.
import uPlot from "uplot";
import { QUADS } from "./cameo.js";

let charts = [];

// "2024-03" (month) or "2024-03-11" (day, week's Monday) -> Unix seconds.
function periodTime(p) {
  const [y, m, d] = p.split("-").map(Number);
  return Date.UTC(y, m - 1, d || 1) / 1000;
}

function labelFor(by) {
  if (by === "month") return (t) => new Date(t * 1000).toLocaleDateString("en", { year: "numeric", month: "short", timeZone: "UTC" });
  return (t) => new Date(t * 1000).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

// Axis labels: the month (and day) on every tick, the year under the first
// tick and under each January, so labels stay short and never collide.
function tickLabels(by) {
  return (u, ts) => {
    let lastYear = null;
    return ts.map((t) => {
      const d = new Date(t * 1000);
      const y = d.getUTCFullYear();
      const m = d.toLocaleDateString("en", { month: "short", timeZone: "UTC" });
      const head = by === "month" ? m : `${m} ${d.getUTCDate()}`;
      const label = y !== lastYear ? `${head}\n${y}` : head;
      lastYear = y;
      return label;
    });
  };
}

const axisStyle = { stroke: "#5f6b7d", grid: { stroke: "#eef1f5", width: 1 }, ticks: { stroke: "#e3e7ee", width: 1 }, font: "12px system-ui, sans-serif" };

// Fits the charts to the width of their container (called by a
// ResizeObserver, so any layout change, not only a window resize, refits).
export function fitTimeline(width) {
  for (const c of charts) if (Math.abs(c.width - width) > 1) c.setSize({ width, height: c.height });
}

// Returns the number of periods drawn. readout (optional) shows the values
// under the cursor.
export function drawTimeline(countsEl, goldEl, stats, readout) {
  for (const c of charts) c.destroy();
  charts = [];
  countsEl.replaceChildren();
  goldEl.replaceChildren();
  const periods = stats.overall.map((r) => r.period);
  if (!periods.length) return 0;
  const index = new Map(periods.map((p, i) => [p, i]));
  const raw = [1, 2, 3, 4].map(() => new Array(periods.length).fill(0));
  for (const r of stats.series) {
    const q = Number(r.key);
    if (q >= 1 && q <= 4 && index.has(r.period)) raw[q - 1][index.get(r.period)] = r.events;
  }
  // Stack bottom-up (verbal cooperation first); draw the tallest stack first
  // so each smaller one paints over it.
  const stacked = [];
  let acc = new Array(periods.length).fill(0);
  for (let q = 0; q < 4; q++) {
    acc = acc.map((v, i) => v + raw[q][i]);
    stacked.push(acc);
  }
  const xs = periods.map(periodTime);
  const width = Math.max(countsEl.clientWidth, 280);
  const fmtDate = labelFor(stats.by);
  const barSize = periods.length > 1 ? [0.8, 48] : [0.3, 60];
  const bars = uPlot.paths.bars({ size: barSize, radius: 0.15 });
  const order = [3, 2, 1, 0];
  const counts = new uPlot(
    {
      width,
      height: 270,
      cursor: { points: { show: false } },
      legend: { show: false },
      hooks: {
        setCursor: [
          (u) => {
            if (!readout) return;
            const i = u.cursor.idx;
            if (i == null) {
              readout.textContent = "";
              return;
            }
            const parts = [0, 1, 2, 3].map((q) => `${raw[q][i].toLocaleString("en")} ${QUADS[q + 1].short.toLowerCase()}`);
            const o = stats.overall[i];
            readout.textContent = `${fmtDate(xs[i])}: ${o.events.toLocaleString("en")} events (${parts.join(", ")}); mean Goldstein ${o.goldstein_mean == null ? "–" : o.goldstein_mean.toFixed(2)}`;
          },
        ],
      },
      scales: { x: { time: true, range: (u, lo, hi) => { const pad = periods.length > 1 ? (hi - lo) / (periods.length * 2) : 86400 * 15; return [lo - pad, hi + pad]; } }, y: { range: (u, lo, hi) => [0, Math.max(1, hi * 1.08)] } },
      axes: [{ ...axisStyle, size: 44, values: tickLabels(stats.by) }, { ...axisStyle, size: 48, values: (u, ts) => ts.map((t) => (Number.isInteger(t) ? t.toLocaleString("en") : "")) }],
      series: [
        { value: (u, t) => (t == null ? "" : fmtDate(t)) },
        ...order.map((q) => ({
          label: QUADS[q + 1].short,
          fill: QUADS[q + 1].color,
          stroke: QUADS[q + 1].color,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (u, v, si, di) => (di == null ? "–" : raw[q][di].toLocaleString("en")),
        })),
      ],
    },
    [xs, ...order.map((q) => stacked[q])],
    countsEl,
  );
  charts.push(counts);

  const mean = stats.overall.map((r) => r.goldstein_mean);
  const balance = stats.overall.map((r) => r.balance);
  const gold = new uPlot(
    {
      width,
      height: 185,
      legend: { show: false },
      scales: { x: { time: true, range: counts.scales.x.range }, g: { range: [-10, 10] }, b: { range: [-1, 1] } },
      axes: [
        { ...axisStyle, size: 44, values: tickLabels(stats.by) },
        { ...axisStyle, scale: "g", size: 48, splits: () => [-10, -5, 0, 5, 10] },
        { ...axisStyle, scale: "b", side: 1, size: 48, grid: { show: false }, splits: () => [-1, 0, 1] },
      ],
      series: [
        { value: (u, t) => (t == null ? "" : fmtDate(t)) },
        { label: "Mean Goldstein", scale: "g", stroke: "#1d2433", width: 2, points: { show: periods.length < 60, size: 5 }, value: (u, v) => (v == null ? "–" : v.toFixed(2)) },
        { label: "Cooperation − conflict share", scale: "b", stroke: "#1f5fbf", dash: [5, 4], width: 1.5, points: { show: false }, value: (u, v) => (v == null ? "–" : v.toFixed(2)) },
      ],
      hooks: {
        // The zero line separates cooperative from conflictual periods.
        drawAxes: [
          (u) => {
            const y = Math.round(u.valToPos(0, "g", true));
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = "#b8c1ce";
            ctx.lineWidth = 1;
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    },
    [xs, mean, balance],
    goldEl,
  );
  charts.push(gold);
  countsEl.dataset.periods = String(periods.length);
  return periods.length;
}
