// Builds the dashboard into dist/: one JS bundle (app, uPlot, topojson-client
// and the world map data), one CSS file, and index.html pointing at them.
// Asset names carry a hash of their content, so browsers may cache them
// and still never run an old bundle after a rebuild. The output is
// committed so that building and running parley never needs npm or a network.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const here = new URL(".", import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });
mkdirSync(`${here}dist/assets`, { recursive: true });
const result = await build({
  entryPoints: [`${here}src/app.js`],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: `${here}dist/assets`,
  entryNames: "[name]-[hash]",
  loader: { ".json": "json" },
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});
let html = readFileSync(`${here}src/index.html`, "utf8");
for (const out of Object.keys(result.metafile.outputs)) {
  const name = basename(out);
  const ext = name.slice(name.lastIndexOf("."));
  html = html.replace(`assets/app${ext}`, `assets/${name}`);
}
if (/assets\/app\.(js|css)"/.test(html)) throw new Error("index.html still names an unhashed asset");
writeFileSync(`${here}dist/index.html`, html);
