// Builds the dashboard into dist/: one JS bundle (app, uPlot, topojson-client
// and the world map data), one CSS file, and index.html. The output is
// committed so that building and running parley never needs npm or a network.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const here = new URL(".", import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });
mkdirSync(`${here}dist/assets`, { recursive: true });
await build({
  entryPoints: [`${here}src/app.js`],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outfile: `${here}dist/assets/app.js`,
  loader: { ".json": "json" },
  legalComments: "eof",
  logLevel: "warning",
});
copyFileSync(`${here}src/index.html`, `${here}dist/index.html`);
