// Builds the web app with esbuild. The server builds in memory on first request (web/serve.ts), so
// `npm start` needs no separate step; `npm run build:web` writes the same files to web/dist/ for
// inspection or for serving from elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { parseCsv } from '../db/csv';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(webDir, '..');

export interface WebAsset {
  contentType: string;
  body: Buffer;
}

/** Reference data baked into the bundle: the same CBS files the database is seeded from, so the public
 * form works (region and sector pickers) even before anyone has signed in. */
function referenceData() {
  const read = (name: string) => parseCsv(fs.readFileSync(path.join(rootDir, 'data', name), 'utf8'));
  const regios = read('regions.csv').map((r) => ({ code: r.code!, naam: r.name! }));
  const sectoren = read('sbi-sections.csv')
    .filter((r) => r.sbi_version === 'SBI 2025')
    .map((r) => ({ letter: r.section!, naam: r.name_nl! }));
  return { regios, sectoren };
}

export async function buildWebAssets(options: { minify?: boolean } = {}): Promise<Map<string, WebAsset>> {
  const result = await esbuild.build({
    entryPoints: [path.join(webDir, 'src', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: false,
    outdir: '/out',
    logLevel: 'silent',
    define: { __REFERENTIE__: JSON.stringify(referenceData()) },
  });
  const assets = new Map<string, WebAsset>();
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    assets.set('/assets/' + name, { contentType: type, body: Buffer.from(file.contents) });
  }
  assets.set('/assets/styles.css', {
    contentType: 'text/css; charset=utf-8',
    body: fs.readFileSync(path.join(webDir, 'src', 'styles.css')),
  });
  assets.set('/index.html', {
    contentType: 'text/html; charset=utf-8',
    body: fs.readFileSync(path.join(webDir, 'src', 'index.html')),
  });
  return assets;
}

async function main() {
  const outDir = path.join(webDir, 'dist');
  const assets = await buildWebAssets();
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const [name, asset] of assets) {
    const file = path.join(outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, asset.body);
  }
  console.log(`web: ${assets.size} files written to ${path.relative(process.cwd(), outDir) || outDir}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`web build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  });
}
