// The public wegwijzer: regional and sectoral initiatives, searchable by regio, sector and text.
// Beheerders see add and edit forms on the same page.
import { useState } from 'preact/hooks';
import { get, items, patch, post, qs } from '../api';
import { useAuth } from '../auth';
import { wegwijzerApi } from '../endpoints';
import { REGIOS, regioNaam, SECTOREN, sectorNaam } from '../ref';
import { ErrorBox, Field, Loading, PageTitle, Select, Success, TextArea, useAction, useAsync } from '../ui';

export interface Initiatief {
  id: number | string;
  titel: string;
  omschrijving: string;
  regioCode?: string | null;
  sectorLetter?: string | null;
  sector?: string | null;
  url?: string | null;
  actief?: boolean;
}

export function WegwijzerPage() {
  const { user } = useAuth();
  const beheer = user?.rol === 'beheerder';
  const [q, setQ] = useState('');
  const [regio, setRegio] = useState('');
  const [sector, setSector] = useState('');
  const [zoek, setZoek] = useState({ q: '', regio: '', sector: '' });
  const [edit, setEdit] = useState<Initiatief | 'nieuw' | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const key = qs(zoek);
  const list = useAsync((signal) => get(wegwijzerApi.list + key, signal).then((x) => items<Initiatief>(x, 'initiatieven')), [key]);
  const rows = list.data ?? [];

  return (
    <>
      <PageTitle sub="Regionale en sectorale initiatieven die werkgevers helpen bij personeelsvragen en werk-naar-werk.">Wegwijzer</PageTitle>
      <form
        class="paneel filterform"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setZoek({ q: q.trim(), regio, sector });
        }}
      >
        <Field label="Zoeken" name="q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <Select label="Regio" name="regio" value={regio} placeholder="Alle regio’s" options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))} onChange={(e) => setRegio(e.currentTarget.value)} />
        <Select label="Sector" name="sector" value={sector} placeholder="Alle sectoren" options={SECTOREN.map((s) => ({ value: s.letter, label: `${s.letter} — ${s.naam}` }))} onChange={(e) => setSector(e.currentTarget.value)} />
        <div class="knoppen">
          <button type="submit" class="knop">
            Zoeken
          </button>
        </div>
      </form>
      {flash && <Success>{flash}</Success>}
      {beheer && edit === null && (
        <button type="button" class="knop" onClick={() => setEdit('nieuw')}>
          Initiatief toevoegen
        </button>
      )}
      {beheer && edit !== null && (
        <InitiatiefForm
          initiatief={edit === 'nieuw' ? undefined : edit}
          onCancel={() => setEdit(null)}
          onSaved={(msg) => {
            setEdit(null);
            setFlash(msg);
            list.reload();
          }}
        />
      )}
      {list.loading && <Loading label="Initiatieven laden…" />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && <p aria-live="polite">{rows.length === 0 ? 'Geen initiatieven gevonden. Probeer andere zoektermen.' : `${rows.length} ${rows.length === 1 ? 'initiatief' : 'initiatieven'} gevonden.`}</p>}
      <ul class="kaartlijst">
        {rows.map((i) => (
          <li key={i.id} class="rij">
            <h2 class="kaart-titel">{i.titel}</h2>
            <p class="klein">
              {regioNaam(i.regioCode)} · {sectorNaam(i.sectorLetter ?? i.sector)}
              {i.actief === false ? ' · niet actief' : ''}
            </p>
            <p>{i.omschrijving}</p>
            {i.url && (
              <p>
                <a href={i.url} rel="noopener noreferrer" target="_blank">
                  Meer over {i.titel} <span class="visueel-verborgen">(opent in een nieuw venster)</span>
                </a>
              </p>
            )}
            {beheer && (
              <button type="button" class="knop secundair" onClick={() => setEdit(i)}>
                Bewerken <span class="visueel-verborgen">{i.titel}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function InitiatiefForm({ initiatief, onCancel, onSaved }: { initiatief?: Initiatief; onCancel: () => void; onSaved: (msg: string) => void }) {
  const [v, setV] = useState({
    titel: initiatief?.titel ?? '',
    omschrijving: initiatief?.omschrijving ?? '',
    regioCode: initiatief?.regioCode ?? '',
    sectorLetter: initiatief?.sectorLetter ?? initiatief?.sector ?? '',
    url: initiatief?.url ?? '',
    actief: initiatief?.actief ?? true,
  });
  const act = useAction();
  const errs = act.error && typeof act.error === 'object' && 'fieldErrors' in act.error ? (act.error as { fieldErrors(): Record<string, string> }).fieldErrors() : {};
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      titel: v.titel.trim(),
      omschrijving: v.omschrijving.trim(),
      regioCode: v.regioCode || null,
      sectorLetter: v.sectorLetter || null,
      url: v.url.trim() || null,
      actief: v.actief,
    };
    const r = await act.run(() => (initiatief ? patch(wegwijzerApi.one(initiatief.id), body) : post(wegwijzerApi.list, body)));
    if (r !== undefined) onSaved(initiatief ? 'Het initiatief is bijgewerkt.' : 'Het initiatief is toegevoegd.');
  };
  return (
    <form class="paneel formulier" onSubmit={submit} noValidate>
      <h2>{initiatief ? `${initiatief.titel} bewerken` : 'Nieuw initiatief'}</h2>
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <Field label="Titel" name="titel" required value={v.titel} error={errs.titel} onInput={(e) => setV({ ...v, titel: e.currentTarget.value })} />
      <TextArea label="Omschrijving" name="omschrijving" required value={v.omschrijving} error={errs.omschrijving} onInput={(e) => setV({ ...v, omschrijving: e.currentTarget.value })} />
      <Select label="Regio" name="regioCode" value={v.regioCode} placeholder="Landelijk" error={errs.regioCode} options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))} onChange={(e) => setV({ ...v, regioCode: e.currentTarget.value })} />
      <Select label="Sector" name="sectorLetter" value={v.sectorLetter} placeholder="Alle sectoren" error={errs.sectorLetter} options={SECTOREN.map((s) => ({ value: s.letter, label: `${s.letter} — ${s.naam}` }))} onChange={(e) => setV({ ...v, sectorLetter: e.currentTarget.value })} />
      <Field label="Website" name="url" type="url" hint="Begint met https://" value={v.url} error={errs.url} onInput={(e) => setV({ ...v, url: e.currentTarget.value })} />
      <label class="keuze">
        <input type="checkbox" checked={v.actief} onChange={(e) => setV({ ...v, actief: e.currentTarget.checked })} /> Actief (zichtbaar voor iedereen)
      </label>
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          {act.busy ? 'Opslaan…' : 'Opslaan'}
        </button>
        <button type="button" class="knop secundair" onClick={onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
