// Builds the page into examples/gateway/webui/ui, the folder the gateway example
// embeds and serves under /ui/: app.js (src/main.ts bundled and minified,
// no source map), index.html and style.css (copied from static/).
//
//   node build.mjs          write the files
//   node build.mjs --check  build in memory and fail if the committed files differ
import { build } from "esbuild";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "gateway", "webui", "ui");
const check = process.argv.includes("--check");

// The translation files carry a "source" copy of the English for
// translators; the page reads the English from the descriptors, so the
// copy is left out of the bundle.
const localesWithoutSource = {
  name: "locales-without-source",
  setup(b) {
    b.onLoad({ filter: /[\\/]i18n[\\/]locales[\\/].*\.json$/ }, async (args) => {
      const f = JSON.parse(await readFile(args.path, "utf8"));
      for (const e of Object.values(f.entries ?? {})) {
        delete e.source;
      }
      return { contents: JSON.stringify(f), loader: "json" };
    });
  },
};

const result = await build({
  entryPoints: [join(here, "src", "main.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  platform: "browser",
  legalComments: "none",
  sourcemap: false,
  charset: "utf8",
  write: false,
  outfile: join(out, "app.js"),
  plugins: [localesWithoutSource],
  logLevel: "warning",
});

const files = new Map(result.outputFiles.map((f) => [f.path, Buffer.from(f.contents)]));
for (const name of ["index.html", "style.css"]) {
  files.set(join(out, name), await readFile(join(here, "static", name)));
}

let stale = 0;
for (const [path, contents] of files) {
  const rel = relative(join(here, "..", ".."), path);
  if (check) {
    const have = await readFile(path).catch(() => undefined);
    if (!have || !have.equals(contents)) {
      console.error(`${rel} is not the build of examples/web: run \`npm run build\` in examples/web and commit it`);
      stale++;
    }
    continue;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
  console.log(`${rel}: ${contents.length} bytes`);
}
if (check) {
  if (stale > 0) {
    process.exit(1);
  }
  console.log(`ok  examples/gateway/webui/ui is the current build of examples/web (${files.size} files)`);
}
