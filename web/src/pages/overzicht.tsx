// Manager overview: all 35 regio's with open meldingen, overdue clocks, median and 90th-percentile
// response time per clock and breach rate. The chart is drawn here as SVG; the table under it holds the
// same numbers for screen readers and for copying, and every number links to the meldingen behind it.
import { useState } from 'preact/hooks';
import { get, items, qs } from '../api';
import { rapportApi } from '../endpoints';
import { KLOK_NAMEN, REGIOS, regioNaam } from '../ref';
import { Link } from '../router';
import { downloadCsv, ErrorBox, Field, Loading, PageTitle, Select, useAction, useAsync } from '../ui';

const KLOKKEN = ['intake', 'regio_bevestiging', 'wsp_reactie', 'statusrapport', 'terugmelding'] as const;
type KlokSoort = (typeof KLOKKEN)[number];

interface KlokCijfers {
  soort?: string;
  aantal?: number;
  /** Response time in ms (or hours, when the API says `Uren`). */
  mediaanMs?: number | null;
  p90Ms?: number | null;
  mediaanUren?: number | null;
  p90Uren?: number | null;
  /** 0..1 */
  overschrijdingsgraad?: number | null;
  breachRate?: number | null;
  overschreden?: number;
}

interface RegioCijfers {
  regioCode: string;
  regioNaam?: string;
  openMeldingen?: number;
  open?: number;
  overschredenKlokken?: number;
  overdue?: number;
  overschrijdingsgraad?: number | null;
  breachRate?: number | null;
  klokken?: KlokCijfers[] | Record<string, KlokCijfers>;
}

const uren = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : ms / 3_600_000);

export function klokCijfers(r: RegioCijfers, soort: KlokSoort): { mediaan?: number; p90?: number; graad?: number; aantal?: number } {
  const k = Array.isArray(r.klokken) ? r.klokken.find((x) => x.soort === soort) : r.klokken?.[soort];
  if (!k) return {};
  return {
    mediaan: k.mediaanUren ?? uren(k.mediaanMs),
    p90: k.p90Uren ?? uren(k.p90Ms),
    graad: k.overschrijdingsgraad ?? k.breachRate ?? undefined,
    aantal: k.aantal,
  };
}

const fmtUren = (h: number | undefined) => (h === undefined ? '—' : h < 48 ? `${h.toFixed(1).replace('.', ',')} u` : `${(h / 24).toFixed(1).replace('.', ',')} d`);
const fmtPct = (g: number | null | undefined) => (g === undefined || g === null ? '—' : `${Math.round(g * 100)}%`);

export function OverzichtPage() {
  const [klok, setKlok] = useState<KlokSoort>('intake');
  const [van, setVan] = useState('');
  const [tot, setTot] = useState('');
  const [soort, setSoort] = useState('');
  const [sort, setSort] = useState<'p90' | 'naam' | 'open' | 'graad'>('p90');
  const filters = { van, tot, soort };
  const key = qs(filters);
  const data = useAsync(
    (signal) =>
      get<unknown>(rapportApi.regios + key, signal).then((x) => {
        const list = items<RegioCijfers>(x, 'regios');
        // Every one of the 35 regio's is shown, also those without meldingen in the period.
        const byCode = new Map(list.map((r) => [r.regioCode, r]));
        return REGIOS.map((r) => byCode.get(r.code) ?? { regioCode: r.code });
      }),
    [key],
  );
  const csv = useAction();
  const rows = [...(data.data ?? [])].map((r) => ({ r, c: klokCijfers(r, klok), open: r.openMeldingen ?? r.open ?? 0, overdue: r.overschredenKlokken ?? r.overdue ?? 0, graad: r.overschrijdingsgraad ?? r.breachRate ?? undefined }));
  rows.sort((a, b) =>
    sort === 'naam'
      ? regioNaam(a.r.regioCode).localeCompare(regioNaam(b.r.regioCode), 'nl')
      : sort === 'open'
        ? b.open - a.open
        : sort === 'graad'
          ? (b.c.graad ?? -1) - (a.c.graad ?? -1)
          : (b.c.p90 ?? -1) - (a.c.p90 ?? -1),
  );
  const totals = rows.reduce((t, x) => ({ open: t.open + x.open, overdue: t.overdue + x.overdue }), { open: 0, overdue: 0 });

  return (
    <>
      <PageTitle sub="Reactietijden en openstaande meldingen per arbeidsmarktregio.">Overzicht regio’s</PageTitle>
      <form class="paneel filterform" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <Select label="Termijn" name="klok" value={klok} options={KLOKKEN.map((k) => ({ value: k, label: KLOK_NAMEN[k]! }))} onChange={(e) => setKlok(e.currentTarget.value as KlokSoort)} />
        <Select label="Soort" name="soort" value={soort} placeholder="Vraag en aanbod" options={[{ value: 'vraag', label: 'Vraag' }, { value: 'aanbod', label: 'Aanbod' }]} onChange={(e) => setSoort(e.currentTarget.value)} />
        <Field label="Periode vanaf" name="van" type="date" value={van} onInput={(e) => setVan(e.currentTarget.value)} />
        <Field label="Periode tot en met" name="tot" type="date" value={tot} onInput={(e) => setTot(e.currentTarget.value)} />
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
        <button type="button" class="knop secundair" disabled={csv.busy} onClick={() => csv.run(() => downloadCsv(rapportApi.csv + key, 'reactietijden-per-regio.csv'))}>
          {csv.busy ? 'CSV maken…' : 'Exporteren als CSV'}
        </button>
        <Link class="knop secundair" href="/meldingen?teLaat=true">
          Alle meldingen met overschreden termijn
        </Link>
      </div>
      {csv.error !== undefined && <ErrorBox error={csv.error} />}
      {data.loading && <Loading label="Cijfers laden…" />}
      {data.error !== undefined && <ErrorBox error={data.error} retry={data.reload} />}
      {data.data && (
        <>
          <div class="kerncijfers">
            <p>
              <strong>{totals.open}</strong> open meldingen
            </p>
            <p>
              <strong>{totals.overdue}</strong> overschreden termijnen
            </p>
          </div>
          <section class="paneel">
            <h2>{KLOK_NAMEN[klok]}: reactietijd per regio</h2>
            <Grafiek rows={rows.map((x) => ({ code: x.r.regioCode, ...x.c }))} />
          </section>
          <section class="paneel">
            <h2>Cijfers per regio</h2>
            <div class="tabel-wrap" role="region" aria-label="Cijfers per regio" tabIndex={0}>
              <table class="tabel">
                <thead>
                  <tr>
                    <th scope="col">Regio</th>
                    <th scope="col">Open</th>
                    <th scope="col">Overschreden termijnen</th>
                    <th scope="col">Mediaan</th>
                    <th scope="col">90e percentiel</th>
                    <th scope="col">Te laat</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ r, c, open, overdue }) => (
                    <tr key={r.regioCode}>
                      <th scope="row" data-label="Regio">
                        <Link href={`/meldingen${qs({ regio: r.regioCode, van, tot, soort })}`}>{regioNaam(r.regioCode)}</Link>
                      </th>
                      <td data-label="Open">
                        <Link href={`/meldingen${qs({ regio: r.regioCode, status: 'in_behandeling', soort })}`} aria-label={`${open} open meldingen in ${regioNaam(r.regioCode)}`}>
                          {open}
                        </Link>
                      </td>
                      <td data-label="Overschreden">
                        <Link href={`/meldingen${qs({ regio: r.regioCode, teLaat: 'true', soort })}`} aria-label={`${overdue} overschreden termijnen in ${regioNaam(r.regioCode)}`}>
                          {overdue}
                        </Link>
                      </td>
                      <td data-label="Mediaan">{fmtUren(c.mediaan)}</td>
                      <td data-label="90e percentiel">{fmtUren(c.p90)}</td>
                      <td data-label="Te laat">{fmtPct(c.graad)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
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
