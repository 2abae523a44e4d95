// Manager overview: all 35 regio's with open meldingen, overdue clocks, median and 90th-percentile
// response time per clock and breach rate. The chart is drawn here as SVG; the table under it holds the
// same numbers for screen readers and for copying, and every number links to the meldingen behind it.
import { useState } from 'preact/hooks';
import { get, items, qs } from '../api';
import { meldingApi, rapportApi } from '../endpoints';
import { KLOK_NAMEN, REGIOS, regioNaam } from '../ref';
import { Link } from '../router';
import { downloadBlob, ErrorBox, Field, Loading, PageTitle, Select, useAction, useAsync } from '../ui';

const KLOKKEN = ['regio_bevestiging', 'wsp_reactie', 'statusrapport', 'terugmelding'] as const;
type KlokSoort = (typeof KLOKKEN)[number] | 'intake';

/** One row of GET /api/rapportage/reactietijden: one regio (null = the team's intake) and one clock. */
interface ReactietijdRij {
  regioCode: string | null;
  soort: string;
  aantal: number;
  afgerond: number;
  mediaanUren: number | null;
  p90Uren: number | null;
  overschreden: number;
  /** 0–100 */
  overschrijdingsPercentage: number;
}

interface LijstRij {
  regioCodes: string[];
  teLaat: boolean;
}

interface RegioRegel {
  code: string;
  open: number;
  teLaat: number;
  perKlok: Map<string, ReactietijdRij>;
  /** Breach rate over all clocks of the regio, 0–100. */
  graad?: number;
}

const fmtUren = (h: number | null | undefined) =>
  h === undefined || h === null
    ? '—'
    : h < 1
      ? `${Math.round(h * 60)} min`
      : h < 48
        ? `${h.toFixed(1).replace('.', ',')} u`
        : `${(h / 24).toFixed(1).replace('.', ',')} d`;
const fmtPct = (g: number | null | undefined) => (g === undefined || g === null ? '—' : `${Math.round(g)}%`);

/** Open meldingen of every page (the list caps a page at 500), for the counts per regio. */
async function alleOpen(soort: string, signal: AbortSignal): Promise<LijstRij[]> {
  const out: LijstRij[] = [];
  for (let offset = 0, page = 0; page < 20; page++) {
    const r = await get<{ items: LijstRij[]; totaal: number }>(meldingApi.list + qs({ status: 'in_behandeling', soort, limit: 500, offset }), signal);
    out.push(...r.items);
    offset += r.items.length;
    if (r.items.length === 0 || offset >= r.totaal) break;
  }
  return out;
}

function csvFor(rows: RegioRegel[]): string {
  const head = ['regio', 'naam', 'open', 'met_overschreden_termijn', 'overschrijding_pct', ...KLOKKEN.flatMap((k) => [`${k}_mediaan_uren`, `${k}_p90_uren`, `${k}_overschreden_pct`, `${k}_aantal`])];
  const cell = (v: unknown) => {
    const t = v === undefined || v === null ? '' : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const lines = rows.map((r) =>
    [r.code, regioNaam(r.code), r.open, r.teLaat, r.graad ?? '', ...KLOKKEN.flatMap((k) => {
      const c = r.perKlok.get(k);
      return [c?.mediaanUren ?? '', c?.p90Uren ?? '', c ? c.overschrijdingsPercentage : '', c?.aantal ?? 0];
    })].map(cell).join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}

export function OverzichtPage() {
  const [klok, setKlok] = useState<KlokSoort>('regio_bevestiging');
  const [van, setVan] = useState('');
  const [tot, setTot] = useState('');
  const [soort, setSoort] = useState('');
  const [sort, setSort] = useState<'p90' | 'naam' | 'open' | 'graad'>('p90');
  const periode = qs({ van, tot });
  const tijden = useAsync((signal) => get<unknown>(rapportApi.reactietijden + periode, signal).then((x) => items<ReactietijdRij>(x)), [periode]);
  const open = useAsync((signal) => alleOpen(soort, signal), [soort]);
  const csv = useAction();

  const regels: RegioRegel[] = REGIOS.map((r) => ({ code: r.code, open: 0, teLaat: 0, perKlok: new Map() }));
  const byCode = new Map(regels.map((r) => [r.code, r]));
  let intake: ReactietijdRij | undefined;
  for (const t of tijden.data ?? []) {
    if (t.regioCode === null) {
      if (t.soort === 'intake') intake = t;
      continue;
    }
    byCode.get(t.regioCode)?.perKlok.set(t.soort, t);
  }
  for (const r of regels) {
    const all = [...r.perKlok.values()];
    const n = all.reduce((s, c) => s + c.aantal, 0);
    if (n > 0) r.graad = (all.reduce((s, c) => s + c.overschreden, 0) / n) * 100;
  }
  for (const m of open.data ?? []) {
    for (const c of m.regioCodes) {
      const r = byCode.get(c);
      if (!r) continue;
      r.open += 1;
      if (m.teLaat) r.teLaat += 1;
    }
  }
  const k = (r: RegioRegel) => r.perKlok.get(klok);
  const rows = [...regels].sort((a, b) =>
    sort === 'naam'
      ? regioNaam(a.code).localeCompare(regioNaam(b.code), 'nl')
      : sort === 'open'
        ? b.open - a.open
        : sort === 'graad'
          ? (b.graad ?? -1) - (a.graad ?? -1)
          : (k(b)?.p90Uren ?? -1) - (k(a)?.p90Uren ?? -1),
  );
  const totaalOpen = (open.data ?? []).length;
  const totaalTeLaat = (open.data ?? []).filter((m) => m.teLaat).length;
  const loading = tijden.loading || open.loading;
  const error = tijden.error ?? open.error;

  return (
    <>
      <PageTitle sub="Reactietijden en openstaande meldingen per arbeidsmarktregio.">Overzicht regio’s</PageTitle>
      <form class="paneel filterform" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Select label="Termijn in de grafiek" name="klok" value={klok} options={KLOKKEN.map((x) => ({ value: x, label: KLOK_NAMEN[x]! }))} onChange={(e) => setKlok(e.currentTarget.value as KlokSoort)} />
        <Select label="Soort (open meldingen)" name="soort" value={soort} placeholder="Vraag en aanbod" options={[{ value: 'vraag', label: 'Vraag' }, { value: 'aanbod', label: 'Aanbod' }]} onChange={(e) => setSoort(e.currentTarget.value)} />
        <Field label="Termijnen gestart vanaf" name="van" type="date" value={van} onInput={(e) => setVan(e.currentTarget.value)} />
        <Field label="Termijnen gestart tot en met" name="tot" type="date" value={tot} onInput={(e) => setTot(e.currentTarget.value)} />
        <Select
          label="Sorteren op"
          name="sort"
          value={sort}
          options={[
            { value: 'p90', label: 'Traagste reactie (90e percentiel)' },
            { value: 'graad', label: 'Hoogste overschrijding' },
            { value: 'open', label: 'Meeste open meldingen' },
            { value: 'naam', label: 'Naam regio' },
          ]}
          onChange={(e) => setSort(e.currentTarget.value as typeof sort)}
        />
      </form>
      <div class="knoppen">
        <button
          type="button"
          class="knop secundair"
          disabled={csv.busy || loading}
          onClick={() => csv.run(async () => downloadBlob(new Blob([csvFor(rows)], { type: 'text/csv;charset=utf-8' }), 'reactietijden-per-regio.csv'))}
        >
          Exporteren als CSV
        </button>
        <Link class="knop secundair" href="/meldingen?teLaat=true">
          Alle meldingen met overschreden termijn
        </Link>
      </div>
      {csv.error !== undefined && <ErrorBox error={csv.error} />}
      {loading && <Loading label="Cijfers laden…" />}
      {error !== undefined && <ErrorBox error={error} retry={() => (tijden.reload(), open.reload())} />}
      {tijden.data && open.data && (
        <>
          <div class="kerncijfers">
            <p>
              <strong>{totaalOpen}</strong> open meldingen bij de regio’s
            </p>
            <p>
              <Link href="/meldingen?teLaat=true&status=in_behandeling">
                <strong>{totaalTeLaat}</strong> met een overschreden termijn
              </Link>
            </p>
            <p>
              <strong>{fmtUren(intake?.mediaanUren)}</strong> mediaan intake door het team (90%: {fmtUren(intake?.p90Uren)}, {fmtPct(intake?.overschrijdingsPercentage)} te laat)
            </p>
          </div>
          <div class="overzicht-grid">
            <section class="paneel">
              <h2>{KLOK_NAMEN[klok]}: reactietijd per regio</h2>
              <Grafiek rows={rows.map((r) => ({ code: r.code, mediaan: k(r)?.mediaanUren ?? undefined, p90: k(r)?.p90Uren ?? undefined, graad: k(r) ? k(r)!.overschrijdingsPercentage / 100 : undefined }))} />
            </section>
            <section class="paneel">
              <h2>Cijfers per regio</h2>
              <p class="hint">Te laat: open meldingen met een overschreden termijn. Mediaan en 90e percentiel: {KLOK_NAMEN[klok]?.toLowerCase()}. Percentage: alle termijnen van de regio.</p>
              <div class="tabel-wrap" role="region" aria-label="Cijfers per regio" tabIndex={0}>
                <table class="tabel">
                  <thead>
                    <tr>
                      <th scope="col">Regio</th>
                      <th scope="col">Open</th>
                      <th scope="col">Te laat</th>
                      <th scope="col">
                        Mediaan<span class="visueel-verborgen"> {KLOK_NAMEN[klok]?.toLowerCase()}</span>
                      </th>
                      <th scope="col">90e percentiel</th>
                      <th scope="col">% termijnen te laat</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.code}>
                        <th scope="row" data-label="Regio">
                          <Link href={`/meldingen${qs({ regio: r.code, soort })}`}>{regioNaam(r.code)}</Link>
                        </th>
                        <td data-label="Open">
                          <Link href={`/meldingen${qs({ regio: r.code, status: 'in_behandeling', soort })}`} aria-label={`${r.open} open meldingen in ${regioNaam(r.code)}`}>
                            {r.open}
                          </Link>
                        </td>
                        <td data-label="Overschreden">
                          <Link href={`/meldingen${qs({ regio: r.code, status: 'in_behandeling', teLaat: 'true', soort })}`} aria-label={`${r.teLaat} meldingen met overschreden termijn in ${regioNaam(r.code)}`}>
                            {r.teLaat}
                          </Link>
                        </td>
                        <td data-label="Mediaan">{fmtUren(k(r)?.mediaanUren)}</td>
                        <td data-label="90e percentiel">{fmtUren(k(r)?.p90Uren)}</td>
                        <td data-label="Te laat">{fmtPct(r.graad)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
        </>
      )}
    </>
  );
}

/**
 * Horizontal bars, one regio per row with its name above the bar so it fits 360 px: the bar is the 90th
 * percentile, the dark tick the median; rows without data say so in words.
 */
function Grafiek({ rows }: { rows: { code: string; mediaan?: number; p90?: number; graad?: number }[] }) {
  // Values are hours.
  const W = 320;
  const ROW = 30;
  const max = Math.max(1, ...rows.map((r) => r.p90 ?? r.mediaan ?? 0));
  const scale = (h: number) => (h / max) * (W - 70);
  const H = rows.length * ROW + 24;
  return (
    <figure class="grafiek">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="grafiek-titel grafiek-uitleg" preserveAspectRatio="xMinYMin meet">
        <title id="grafiek-titel">Reactietijd per regio</title>
        <desc id="grafiek-uitleg">Balk: 90e percentiel van de reactietijd. Streep: mediaan. De tabel hieronder geeft dezelfde cijfers.</desc>
        {rows.map((r, i) => {
          const y = i * ROW;
          const p90 = r.p90 ?? r.mediaan;
          return (
            <g key={r.code} transform={`translate(0 ${y})`}>
              <text x="0" y="11" class="g-label">
                {regioNaam(r.code)}
              </text>
              {p90 === undefined ? (
                <text x="0" y="25" class="g-leeg">
                  geen gegevens
                </text>
              ) : (
                <>
                  <rect x="0" y="15" width={Math.max(2, scale(p90))} height="11" class={`g-balk${(r.graad ?? 0) > 0.2 ? ' g-slecht' : ''}`} rx="2" />
                  {r.mediaan !== undefined && <rect x={Math.max(0, scale(r.mediaan) - 1.5)} y="13" width="3" height="15" class="g-mediaan" />}
                  <text x={Math.max(2, scale(p90)) + 4} y="25" class="g-waarde">
                    {fmtUren(p90)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="klein">
        <span class="legenda legenda-balk" aria-hidden="true" /> 90e percentiel · <span class="legenda legenda-mediaan" aria-hidden="true" /> mediaan ·{' '}
        <span class="legenda legenda-slecht" aria-hidden="true" /> meer dan 20% te laat
      </figcaption>
    </figure>
  );
}
