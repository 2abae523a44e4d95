// /api/openapi.json and /api/docs: the document generated from the route declarations, and a small
// self-contained page that renders it (no CDN: the product runs without internet access).
import { randomBytes } from 'node:crypto';
import type { RouteKit } from './define';

const PAGINA = (nonce: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Werkroute API</title>
<style nonce="${nonce}">
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{background:#154273;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.4rem}
main{max-width:70rem;margin:0 auto;padding:1rem 2rem}h2{border-bottom:2px solid #154273;padding-bottom:.2rem;margin-top:2rem}
details{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.4rem 0}summary{cursor:pointer;padding:.5rem .8rem;display:flex;gap:.8rem;align-items:baseline}
.m{font:600 .8rem monospace;text-transform:uppercase;padding:.1rem .4rem;border-radius:3px;color:#fff;min-width:3.5rem;text-align:center}
.get{background:#2b7a0b}.post{background:#154273}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#a1260d}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}pre{background:#f3f3f3;padding:.6rem;overflow:auto;max-height:30rem}
.body{padding:0 1rem 1rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
</style></head><body><header><h1>Werkroute API</h1><div id="info"></div></header><main id="app">Laden…</main>
<script nonce="${nonce}">
(async () => {
  const app = document.getElementById('app');
  const el = (tag, attrs, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); for (const k of kids) e.append(k); return e; };
  const spec = await (await fetch('/api/openapi.json')).json();
  document.getElementById('info').textContent = spec.info.description + ' (OpenAPI ' + spec.openapi + ', versie ' + spec.info.version + ')';
  const resolve = (s) => { const seen = new Set(); const walk = (x) => { if (Array.isArray(x)) return x.map(walk); if (x && typeof x === 'object') { if (x.$ref) { const n = x.$ref.split('/').pop(); if (seen.has(n)) return { $ref: n }; seen.add(n); const r = walk(spec.components.schemas[n]); seen.delete(n); return r; } return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)])); } return x; }; return walk(s); };
  const perTag = new Map();
  for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || 'Overig'; if (!perTag.has(tag)) perTag.set(tag, []); perTag.get(tag).push({ path, method, op });
  }
  app.textContent = '';
  app.append(el('p', {}, 'Ruwe specificatie: ', el('a', { href: '/api/openapi.json' }, '/api/openapi.json')));
  for (const [tag, ops] of perTag) {
    app.append(el('h2', { textContent: tag }));
    for (const { path, method, op } of ops) {
      const d = el('details', {}, el('summary', {}, el('span', { className: 'm ' + method, textContent: method }), el('code', { textContent: path }), el('span', { textContent: op.summary || '' })));
      const body = el('div', { className: 'body' });
      for (const p of (op.description || '').split('\\n\\n')) if (p) body.append(el('p', { textContent: p }));
      if (op.parameters && op.parameters.length) {
        const t = el('table', {}, el('tr', {}, el('th', { textContent: 'parameter' }), el('th', { textContent: 'in' }), el('th', { textContent: 'schema' })));
        for (const p of op.parameters) t.append(el('tr', {}, el('td', { textContent: p.name + (p.required ? ' *' : '') }), el('td', { textContent: p.in }), el('td', {}, el('code', { textContent: JSON.stringify(p.schema) }))));
        body.append(el('h4', { textContent: 'Parameters' }), t);
      }
      if (op.requestBody) body.append(el('h4', { textContent: 'Body (application/json)' }), el('pre', { textContent: JSON.stringify(resolve(op.requestBody.content['application/json'].schema), null, 2) }));
      body.append(el('h4', { textContent: 'Antwoorden' }));
      for (const [status, r] of Object.entries(op.responses)) {
        const ct = r.content ? Object.keys(r.content)[0] : null;
        body.append(el('p', {}, el('strong', { textContent: status + ' ' }), r.description + (ct ? ' (' + ct + ')' : '')));
        if (ct && r.content[ct].schema && status < 400) body.append(el('pre', { textContent: JSON.stringify(resolve(r.content[ct].schema), null, 2) }));
      }
      d.append(body); app.append(d);
    }
  }
})().catch((e) => { document.getElementById('app').textContent = 'Kon de specificatie niet laden: ' + e.message; });
</script></body></html>`;

export function registerDocsRoutes(kit: RouteKit): void {
  kit.router.get('/api/openapi.json', (_req, res) => {
    res.json(kit.registry.document());
  });
  kit.router.get('/api/docs', (_req, res) => {
    // Replaces the app-wide CSP (api/security-headers.ts) for this page only: its script and style are inline.
    const nonce = randomBytes(16).toString('base64');
    res
      .set('Content-Security-Policy', `default-src 'none'; connect-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`)
      .type('html')
      .send(PAGINA(nonce));
  });
}
