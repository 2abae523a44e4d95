// All meldingen the user may see, with filters kept in the address (so the manager overview can link
// straight to "the meldingen behind this number"), paging and CSV export of the same selection.
import { useState } from 'preact/hooks';
import { get, items, qs } from '../api';
import { meldingApi } from '../endpoints';
import { FASE_NAMEN, nl, REGIOS, SECTOREN, STATUS_NAMEN } from '../ref';
import { Link, navigate, useLocation } from '../router';
import { downloadCsv, ErrorBox, Field, formatDateTime, Loading, PageTitle, Select, StatusBadge, useAction, useAsync, useNow } from '../ui';
import { rijRegios, rijSector, rijTeLaat, rijWerkgever, type MeldingRij } from './common';

const FILTERS = ['regio', 'status', 'soort', 'sector', 'teLaat', 'van', 'tot'] as const;
const PAGINA = 25;

export function MeldingenLijstPage() {
  const { query } = useLocation();
  const now = useNow();
  const f = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const offset = Number(query.get('offset') ?? 0) || 0;
  const params = { ...f, teLaat: f.teLaat === 'true' ? 'true' : undefined, limit: PAGINA, offset };
  const key = qs(params);
  const list = useAsync(
    (signal) =>
      get<unknown>(meldingApi.list + key, signal).then((x) => ({
        rows: items<MeldingRij>(x, 'meldingen'),
        total: x && typeof x === 'object' && !Array.isArray(x) ? ((x as { total?: number }).total ?? undefined) : undefined,
      })),
    [key],
  );
  const csv = useAction();
  const [draft, setDraft] = useState(f);

  const apply = (e: Event) => {
    e.preventDefault();
    navigate('/meldingen' + qs({ ...draft, teLaat: draft.teLaat === 'true' ? 'true' : undefined }));
  };
  const page = (o: number) => navigate('/meldingen' + qs({ ...f, offset: o || undefined }));
  const rows = list.data?.rows ?? [];
  const total = list.data?.total;

  return (
    <>
      <PageTitle>Meldingen</PageTitle>
      <details class="paneel filters" open={FILTERS.some((k) => f[k])}>
        <summary>Filters</summary>
        <form onSubmit={apply} class="filterform">
          <Select label="Regio" name="regio" value={draft.regio} placeholder="Alle regio’s" options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))} onChange={(e) => setDraft({ ...draft, regio: e.currentTarget.value })} />
          <Select label="Status" name="status" value={draft.status} placeholder="Alle" options={Object.entries(STATUS_NAMEN).map(([value, label]) => ({ value, label }))} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })} />
          <Select label="Soort" name="soort" value={draft.soort} placeholder="Vraag en aanbod" options={[{ value: 'vraag', label: 'Vraag' }, { value: 'aanbod', label: 'Aanbod' }]} onChange={(e) => setDraft({ ...draft, soort: e.currentTarget.value })} />
          <Select label="Sector" name="sector" value={draft.sector} placeholder="Alle sectoren" options={SECTOREN.map((s) => ({ value: s.letter, label: `${s.letter} — ${s.naam}` }))} onChange={(e) => setDraft({ ...draft, sector: e.currentTarget.value })} />
          <Field label="Ontvangen vanaf" name="van" type="date" value={draft.van} onInput={(e) => setDraft({ ...draft, van: e.currentTarget.value })} />
          <Field label="Ontvangen tot en met" name="tot" type="date" value={draft.tot} onInput={(e) => setDraft({ ...draft, tot: e.currentTarget.value })} />
          <label class="keuze">
            <input type="checkbox" checked={draft.teLaat === 'true'} onChange={(e) => setDraft({ ...draft, teLaat: e.currentTarget.checked ? 'true' : '' })} /> Alleen met een overschreden termijn
          </label>
          <div class="knoppen">
            <button type="submit" class="knop">
              Filteren
            </button>
            <button
              type="button"
              class="knop secundair"
              onClick={() => {
                setDraft(Object.fromEntries(FILTERS.map((k) => [k, ''])) as typeof f);
                navigate('/meldingen');
              }}
            >
              Wissen
            </button>
          </div>
        </form>
      </details>
      <div class="knoppen">
        <button
          type="button"
          class="knop secundair"
          disabled={csv.busy}
          onClick={() => csv.run(() => downloadCsv(meldingApi.csv + qs({ ...params, limit: undefined, offset: undefined }), 'meldingen.csv'))}
        >
          {csv.busy ? 'CSV maken…' : 'Exporteren als CSV'}
        </button>
      </div>
      {csv.error !== undefined && <ErrorBox error={csv.error} />}
      {list.loading && <Loading label="Meldingen laden…" />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && (
        <p aria-live="polite">
          {total !== undefined ? `${total} meldingen` : `${rows.length} meldingen`}
          {rows.length ? `, ${offset + 1}–${offset + rows.length} getoond` : ''}.
        </p>
      )}
      <div class="tabel-wrap" role="region" aria-label="Meldingen" tabIndex={0}>
        <table class="tabel">
          <thead>
            <tr>
              <th scope="col">Melding</th>
              <th scope="col">Soort</th>
              <th scope="col">Sector</th>
              <th scope="col">Regio’s</th>
              <th scope="col">Stand</th>
              <th scope="col">Ontvangen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td data-label="Melding">
                  <Link href={`/meldingen/${r.id}`}>
                    {r.nummer ? `#${r.nummer} ` : ''}
                    {rijWerkgever(r)}
                  </Link>
                </td>
                <td data-label="Soort">{r.soort === 'aanbod' ? 'Aanbod' : 'Vraag'}</td>
                <td data-label="Sector">{rijSector(r)}</td>
                <td data-label="Regio’s">{rijRegios(r)}</td>
                <td data-label="Stand">
                  {nl(STATUS_NAMEN, r.status)}
                  {r.fase ? ` · ${nl(FASE_NAMEN, r.fase)}` : ''} {rijTeLaat(r, now) && r.status !== 'afgesloten' && r.status !== 'ingetrokken' && <StatusBadge kind="te-laat">Te laat</StatusBadge>}
                </td>
                <td data-label="Ontvangen">{formatDateTime(r.ontvangenOp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="paginering" aria-label="Pagina’s">
        <button type="button" class="knop secundair" disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGINA))}>
          Vorige
        </button>
        <button type="button" class="knop secundair" disabled={total !== undefined ? offset + PAGINA >= total : rows.length < PAGINA} onClick={() => page(offset + PAGINA)}>
          Volgende
        </button>
      </nav>
    </>
  );
}
