// One melding: the live state from the workflow (clocks, tracks, timeline) and the steps the signed-in
// user may take now. After every step the page reloads the state so it shows what the workflow decided.
import { useEffect, useState } from 'preact/hooks';
import type { TrajectActie } from '../../../domain/melding/transities';
import type { MeldingState, Traject } from '../../../domain/melding/types';
import { get, items, post, qs } from '../api';
import { magMeldingActie, trajectActies } from '../acties';
import { useAuth, type Medewerker } from '../auth';
import { beheerApi, meldingApi, refApi } from '../endpoints';
import { termijnTekst } from '../../../domain/melding/termijn-teksten';
import { Klokken, liveState, Tijdlijn, TrajectInfo, TrajectStappen, type MeldingDetail } from '../live';
import { CC_NAMEN, FASE_NAMEN, nl, OPLOSSING_NAMEN, REGIOS, regioNaam, SECTOREN, sectorNaam, STATUS_NAMEN, UITKOMST_NAMEN } from '../ref';
import { Link } from '../router';
import { ErrorBox, Field, formatDate, formatDateTime, Loading, PageTitle, Select, StatusBadge, Success, TextArea, useAction, useAsync } from '../ui';

export function MeldingPage({ id, regio }: { id: string; regio?: string }) {
  const { user } = useAuth();
  const detail = useAsync((signal) => get<MeldingDetail>(meldingApi.one(id), signal), [id]);
  // The workflow keeps ids only; roles that may read the staff list see names in the timeline.
  const leestNamen = user?.rol === 'team' || user?.rol === 'manager' || user?.rol === 'beheerder';
  const namen = useAsync(
    (signal) =>
      leestNamen
        ? get(beheerApi.medewerkers, signal).then((x) => new Map(items<{ id: number; naam: string }>(x).map((m) => [String(m.id), m.naam])))
        : Promise.resolve(new Map<string, string>()),
    [leestNamen],
  );
  const [flash, setFlash] = useState<string | null>(null);

  // Live state: clocks run and other people act, so the page re-reads the melding while it is visible.
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') detail.reload();
    }, 15_000);
    return () => clearInterval(t);
  }, [detail.reload]);

  useEffect(() => {
    if (!regio || !detail.data) return;
    document.getElementById(`traject-${regio}`)?.scrollIntoView({ block: 'start' });
  }, [regio, detail.data]);

  if (detail.loading && !detail.data) return <Loading label="Melding laden…" />;
  if (detail.error && !detail.data)
    return (
      <>
        <PageTitle>Melding</PageTitle>
        <ErrorBox error={detail.error} retry={detail.reload} />
        <p>
          <Link href="/meldingen">Terug naar de meldingen</Link>
        </p>
      </>
    );
  const d = detail.data!;
  const state = liveState(d);
  const names = (mid: string | null | undefined) => {
    if (!mid) return 'niemand';
    if (user && String(user.id) === String(mid)) return 'u';
    return namen.data?.get(mid) ?? d.medewerkers?.[mid] ?? `medewerker ${mid}`;
  };
  const done = (msg: string) => {
    setFlash(msg);
    detail.reload();
  };
  const sector = d.sector ?? d.sectorLetter;

  return (
    <>
      <PageTitle sub={`${d.soort === 'aanbod' ? 'Aanbod' : 'Vraag'} · ontvangen ${formatDateTime(d.ontvangenOp ?? state?.ontvangenOp)}`}>
        {`Melding ${d.nummer ?? ''} ${d.werkgever?.naam ? `— ${d.werkgever.naam}` : ''}`.trim()}
      </PageTitle>
      <p class="statusregel">
        <StatusBadge kind="neutraal">{nl(STATUS_NAMEN, state?.status ?? d.status)}</StatusBadge>{' '}
        {state && <StatusBadge kind="open">{nl(FASE_NAMEN, state.fase)}</StatusBadge>}{' '}
        {state && <span class="klein">Behandelaar: {names(state.toegewezenAan)}</span>}
        {detail.loading && <span class="klein"> · bijwerken…</span>}
      </p>
      {flash && <Success>{flash}</Success>}
      {detail.error !== undefined && detail.data && <ErrorBox error={detail.error} retry={detail.reload} />}
      {d.liveMelding && (
        <div class="melding-fout" role="status">
          <p>{d.liveMelding}</p>
          <button type="button" class="knop secundair" onClick={detail.reload}>
            Opnieuw laden
          </button>
        </div>
      )}

      <div class="twee-kolommen">
        <div>
          {state && user && <TeamActies d={d} state={state} user={user} done={done} />}

          {state && state.trajecten.length > 0 && (
            <section class="paneel" aria-labelledby="trajecten-kop">
              <h2 id="trajecten-kop">Regio’s</h2>
              {state.trajecten.map((t) => (
                <article key={t.regioCode} id={`traject-${t.regioCode}`} class={`traject${regio === t.regioCode ? ' gemarkeerd' : ''}`}>
                  <h3>
                    {regioNaam(t.regioCode)} <span class="klein">({t.regioCode})</span>
                  </h3>
                  <TrajectStappen t={t} />
                  <TrajectInfo t={t} naam={names} />
                  <h4>Termijnen</h4>
                  <Klokken klokken={state.klokken} regio={t.regioCode} />
                  {user && <TrajectActies id={id} t={t} state={state} user={user} done={done} />}
                </article>
              ))}
            </section>
          )}
        </div>
        <div>
          <section class="paneel" aria-labelledby="gegevens-kop">
            <h2 id="gegevens-kop">Gegevens</h2>
            <dl class="gegevens">
              <dt>Werkgever</dt>
              <dd>
                {d.werkgever?.naam ?? '—'}
                {d.werkgever?.kvkNummer ? ` (KvK ${d.werkgever.kvkNummer})` : ''}
              </dd>
              <dt>Sector</dt>
              <dd>{sector ? `${sector} — ${sectorNaam(sector)}` : '—'}</dd>
              <dt>Vestigingen</dt>
              <dd>
                <ul class="plat">
                  {(d.werkgever?.vestigingen ?? []).map((v, i) => (
                    <li key={i}>
                      {v.postcode} {v.huisnummer} {v.plaats}
                      {v.regioCode ? ` · ${regioNaam(v.regioCode)}` : ''}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>Functies</dt>
              <dd>
                <ul class="plat">
                  {(d.functies ?? []).map((f, i) => (
                    <li key={i}>
                      {f.aantal} × {f.omschrijving}
                    </li>
                  ))}
                </ul>
              </dd>
              {(d.periodeVan || d.periodeTot) && (
                <>
                  <dt>Periode</dt>
                  <dd>
                    {formatDate(d.periodeVan)} t/m {formatDate(d.periodeTot)}
                  </dd>
                </>
              )}
              {d.contactpersoon && (
                <>
                  <dt>Contactpersoon</dt>
                  <dd>
                    {d.contactpersoon.naam}
                    <br />
                    {d.contactpersoon.email && <a href={`mailto:${d.contactpersoon.email}`}>{d.contactpersoon.email}</a>}
                    {d.contactpersoon.telefoon && (
                      <>
                        <br />
                        <a href={`tel:${d.contactpersoon.telefoon}`}>{d.contactpersoon.telefoon}</a>
                      </>
                    )}
                  </dd>
                </>
              )}
              {d.toelichting && (
                <>
                  <dt>Toelichting werkgever</dt>
                  <dd>{d.toelichting}</dd>
                </>
              )}
              {state && state.koppelingen.length > 0 && (
                <>
                  <dt>Gekoppeld aan</dt>
                  <dd>
                    <ul class="plat">
                      {state.koppelingen.map((k) => (
                        <li key={k}>
                          <Link href={`/meldingen/${k}`}>melding {k.slice(0, 8)}</Link>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
            </dl>
          </section>
          {state && (
            <section class="paneel" aria-labelledby="klokken-kop">
              <h2 id="klokken-kop">Alle termijnen</h2>
              <Klokken klokken={state.klokken} />
            </section>
          )}
          {state && (
            <section class="paneel" aria-labelledby="tijdlijn-kop">
              <h2 id="tijdlijn-kop">Tijdlijn</h2>
              <Tijdlijn items={state.tijdlijn} naam={names} />
            </section>
          )}
          {!state && <p class="klein">De actuele stand van deze melding is nu niet beschikbaar.</p>}
        </div>
      </div>
    </>
  );
}

type Done = (msg: string) => void;

function TeamActies({ d, state, user, done }: { d: MeldingDetail; state: MeldingState; user: Medewerker; done: Done }) {
  const id = d.id;
  const act = useAction();
  const canTake = magMeldingActie(state, 'inBehandelingNemen', user);
  const canIntake = magMeldingActie(state, 'intakeVastleggen', user) && (state.fase === 'beoordeling' || canTake);
  const canVervolg = magMeldingActie(state, 'vervolgBesluiten', user);
  const canAssign = magMeldingActie(state, 'herToewijzen', user) && state.toegewezenAan !== String(user.id) && user.rol === 'team';
  const canWithdraw = magMeldingActie(state, 'intrekken', user) && user.rol === 'team';
  const [withdrawing, setWithdrawing] = useState(false);
  const [reden, setReden] = useState('');
  if (!canTake && !canIntake && !canVervolg && !canAssign && !canWithdraw) return null;

  return (
    <section class="paneel acties" aria-labelledby="acties-kop">
      <h2 id="acties-kop">Wat nu?</h2>
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <div class="knoppen">
        {canTake && (
          <button type="button" class="knop" disabled={act.busy} onClick={async () => (await act.run(() => post(meldingApi.inBehandeling(id)))) !== undefined && done('De melding is in behandeling genomen.')}>
            In behandeling nemen
          </button>
        )}
        {canAssign && !canTake && (
          <button
            type="button"
            class="knop secundair"
            disabled={act.busy}
            onClick={async () => (await act.run(() => post(meldingApi.toewijzen(id), { naarMedewerkerId: Number(user.id) }))) !== undefined && done('De melding is aan u toegewezen.')}
          >
            Aan mij toewijzen
          </button>
        )}
      </div>
      {state.fase === 'beoordeling' && canIntake && <IntakeForm d={d} state={state} done={done} />}
      {canWithdraw && !withdrawing && (
        <button type="button" class="link-knop" onClick={() => setWithdrawing(true)}>
          Melding intrekken namens de werkgever…
        </button>
      )}
      {canWithdraw && withdrawing && (
        <form
          class="formulier"
          onSubmit={async (e) => {
            e.preventDefault();
            if ((await act.run(() => post(meldingApi.intrekken(id), reden.trim() ? { reden: reden.trim() } : {}))) !== undefined) done('De melding is ingetrokken.');
          }}
        >
          <TextArea label="Reden (optioneel)" name="intrek-reden" value={reden} onInput={(e) => setReden(e.currentTarget.value)} />
          <div class="knoppen">
            <button type="submit" class="knop gevaar" disabled={act.busy}>
              Melding intrekken
            </button>
            <button type="button" class="knop secundair" onClick={() => setWithdrawing(false)}>
              Annuleren
            </button>
          </div>
        </form>
      )}
      {canVervolg &&
        state.trajecten
          .filter((t) => t.vervolgNodig)
          .map((t) => <VervolgForm key={t.regioCode} d={d} state={state} t={t} done={done} />)}
    </section>
  );
}

interface Suggestie {
  regioCode: string;
  reden?: string;
}

function IntakeForm({ d, state, done }: { d: MeldingDetail; state: MeldingState; done: Done }) {
  const [besluit, setBesluit] = useState<'routeer' | 'koppel' | 'sluit'>('routeer');
  const [gekozen, setGekozen] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState('');
  const [notities, setNotities] = useState('');
  const [reden, setReden] = useState('');
  const [koppelId, setKoppelId] = useState('');
  const act = useAction();
  // Suggested regio's: those of the employer's vestigingen (the API resolves each postcode to its regio).
  const suggesties: Suggestie[] = [...new Set((d.werkgever?.vestigingen ?? []).map((v) => v.regioCode).filter((c): c is string => !!c))].map((regioCode) => ({
    regioCode,
    reden: `vestiging in ${regioNaam(regioCode)}`,
  }));
  const sugg = { data: suggesties, loading: false };
  // The suggestions are preselected once; later edits are the user's.
  useEffect(() => {
    setGekozen(Object.fromEntries(suggesties.filter((s) => !state.trajecten.some((t) => t.regioCode === s.regioCode)).map((s) => [s.regioCode, ''])));
  }, [d.id]);

  const bezet = new Set(state.trajecten.map((t) => t.regioCode));
  const submit = async (e: Event) => {
    e.preventDefault();
    const b =
      besluit === 'routeer'
        ? { routeer: Object.entries(gekozen).map(([regioCode, toelichting]) => ({ regioCode, ...(toelichting.trim() ? { toelichting: toelichting.trim() } : {}) })) }
        : besluit === 'koppel'
          ? { koppel: { meldingId: koppelId } }
          : { sluit: { reden: reden.trim() } };
    const r = await act.run(() => post(meldingApi.intake(d.id), { besluit: b, ...(notities.trim() ? { notities: notities.trim() } : {}) }));
    if (r !== undefined) done(besluit === 'routeer' ? 'De melding is doorgezet naar de gekozen regio’s.' : besluit === 'koppel' ? 'De meldingen zijn gekoppeld.' : 'De melding is afgesloten.');
  };

  return (
    <form class="formulier" onSubmit={submit} aria-labelledby="intake-kop">
      <h3 id="intake-kop">Intake vastleggen</h3>
      <fieldset>
        <legend>Besluit</legend>
        <div class="keuzes">
          {(
            [
              ['routeer', 'Doorzetten naar regio’s'],
              ['koppel', `Koppelen aan ${d.soort === 'vraag' ? 'een aanbod' : 'een vraag'}`],
              ['sluit', 'Afsluiten'],
            ] as const
          ).map(([v, l]) => (
            <label class="keuze" key={v}>
              <input type="radio" name="besluit" value={v} checked={besluit === v} onChange={() => setBesluit(v)} /> {l}
            </label>
          ))}
        </div>
      </fieldset>
      {besluit === 'routeer' && (
        <fieldset>
          <legend>Regio’s</legend>
          {sugg.data && sugg.data.length > 0 && (
            <p class="hint">
              Voorgesteld op basis van de vestigingen:{' '}
              {sugg.data.map((s) => `${regioNaam(s.regioCode)} (${s.reden})`).join(', ')}.
            </p>
          )}
          {Object.entries(gekozen).map(([code, toel]) => (
            <div class="rij-groep" key={code}>
              <TextArea
                label={`Informatie voor ${regioNaam(code)}`}
                name={`toelichting-${code}`}
                value={toel}
                rows={2}
                onInput={(e) => setGekozen({ ...gekozen, [code]: e.currentTarget.value })}
              />
              <button
                type="button"
                class="link-knop"
                onClick={() => {
                  const { [code]: _, ...rest } = gekozen;
                  setGekozen(rest);
                }}
              >
                {regioNaam(code)} verwijderen
              </button>
            </div>
          ))}
          <Select
            label="Regio toevoegen"
            name="regio-toevoegen"
            value=""
            placeholder="Kies een regio"
            options={REGIOS.filter((r) => !(r.code in gekozen) && !bezet.has(r.code)).map((r) => ({ value: r.code, label: `${r.naam} (${r.code})` }))}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (v) setGekozen({ ...gekozen, [v]: extra });
              setExtra('');
            }}
          />
        </fieldset>
      )}
      {besluit === 'koppel' && <KoppelZoeker d={d} value={koppelId} onChange={setKoppelId} />}
      {besluit === 'sluit' && <TextArea label="Reden van afsluiten" name="reden" required value={reden} onInput={(e) => setReden(e.currentTarget.value)} />}
      <TextArea label="Notities van het gesprek (optioneel, geen contactgegevens)" name="notities" value={notities} onInput={(e) => setNotities(e.currentTarget.value)} />
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <button type="submit" class="knop" disabled={act.busy || (besluit === 'routeer' && !Object.keys(gekozen).length) || (besluit === 'koppel' && !koppelId)}>
        {act.busy ? 'Bezig…' : 'Intake vastleggen'}
      </button>
    </form>
  );
}

interface Kandidaat {
  id: string;
  nummer?: number;
  soort?: string;
  werkgever?: { naam?: string } | string;
  werkgeverNaam?: string;
  sector?: string;
  sectorLetter?: string;
  regioCodes?: string[];
  functies?: { omschrijving: string; aantal: number }[];
  ontvangenOp?: string | number;
}

/** Search open meldingen of the other soort by sector and regio, to connect a vraag with an aanbod. */
function KoppelZoeker({ d, value, onChange }: { d: MeldingDetail; value: string; onChange: (id: string) => void }) {
  const ander = d.soort === 'vraag' ? 'aanbod' : 'vraag';
  const [sector, setSector] = useState(d.sector ?? d.sectorLetter ?? '');
  const [regio, setRegio] = useState('');
  const res = useAsync(
    // "Open" is two statuses: still awaiting intake, or in treatment.
    async (signal) => {
      const [a, b] = await Promise.all(
        (['ontvangen', 'in_behandeling'] as const).map((status) => get(meldingApi.list + qs({ soort: ander, sector, regio, status, limit: 20 }), signal).then((x) => items<Kandidaat>(x, 'meldingen'))),
      );
      return [...a!, ...b!];
    },
    [ander, sector, regio],
  );
  const list = (res.data ?? []).filter((k) => k.id !== d.id);
  return (
    <fieldset>
      <legend>Zoek een open {ander}</legend>
      <div class="rij-groep">
        <Select label="Sector" name="koppel-sector" value={sector} placeholder="Alle sectoren" options={sectorOpties()} onChange={(e) => setSector(e.currentTarget.value)} />
        <Select label="Regio" name="koppel-regio" value={regio} placeholder="Alle regio’s" options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))} onChange={(e) => setRegio(e.currentTarget.value)} />
      </div>
      {res.loading && <Loading label="Zoeken…" />}
      {res.error !== undefined && <ErrorBox error={res.error} retry={res.reload} />}
      {!res.loading && !res.error && list.length === 0 && <p>Geen open meldingen gevonden met deze filters.</p>}
      <ul class="kandidaten">
        {list.map((k) => (
          <li key={k.id}>
            <label class="keuze">
              <input type="radio" name="koppel" value={k.id} checked={value === k.id} onChange={() => onChange(k.id)} />{' '}
              <span>
                <strong>
                  {k.nummer ? `#${k.nummer} ` : ''}
                  {typeof k.werkgever === 'string' ? k.werkgever : (k.werkgever?.naam ?? k.werkgeverNaam ?? 'Werkgever')}
                </strong>{' '}
                · {sectorNaam(k.sector ?? k.sectorLetter)} {k.regioCodes?.length ? `· ${k.regioCodes.map(regioNaam).join(', ')}` : ''}
                {k.functies?.length ? ` · ${k.functies.map((f) => `${f.aantal}× ${f.omschrijving}`).join(', ')}` : ''}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

const sectorOpties = () => SECTOREN.map((s) => ({ value: s.letter, label: `${s.letter} — ${s.naam}` }));

function VervolgForm({ d, state, t, done }: { d: MeldingDetail; state: MeldingState; t: Traject; done: Done }) {
  const [soort, setSoort] = useState<'andere_regios' | 'koppelen' | 'verlengen' | 'stoppen'>('stoppen');
  const [reden, setReden] = useState('');
  const [datum, setDatum] = useState('');
  const [regio, setRegio] = useState('');
  const [koppelId, setKoppelId] = useState('');
  const act = useAction();
  const bezet = new Set(state.trajecten.map((x) => x.regioCode));
  const submit = async (e: Event) => {
    e.preventDefault();
    const besluit =
      soort === 'andere_regios'
        ? { soort, regios: [{ regioCode: regio }] }
        : soort === 'koppelen'
          ? { soort, meldingId: koppelId }
          : soort === 'verlengen'
            ? { soort, reden: reden.trim(), nieuweDeadlineDatum: datum }
            : { soort, reden: reden.trim() };
    const r = await act.run(() => post(meldingApi.vervolg(d.id), { regioCode: t.regioCode, besluit }));
    if (r !== undefined) done(`Het vervolg voor ${regioNaam(t.regioCode)} is vastgelegd.`);
  };
  return (
    <form class="formulier" onSubmit={submit}>
      <h3>Vervolg na terugmelding van {regioNaam(t.regioCode)}</h3>
      {t.uitkomst && (
        <p>
          Uitkomst: {nl(UITKOMST_NAMEN, t.uitkomst.resultaat)}, {t.uitkomst.aantalGeplaatst} geplaatst via {nl(OPLOSSING_NAMEN, t.uitkomst.oplossing)}.
        </p>
      )}
      <Select
        label="Besluit"
        name="vervolg-soort"
        value={soort}
        options={[
          { value: 'stoppen', label: 'Bemiddeling stoppen' },
          { value: 'verlengen', label: 'Termijn verlengen' },
          { value: 'andere_regios', label: 'Naar een andere regio' },
          { value: 'koppelen', label: `Koppelen aan ${d.soort === 'vraag' ? 'een aanbod' : 'een vraag'}` },
        ]}
        onChange={(e) => setSoort(e.currentTarget.value as typeof soort)}
      />
      {(soort === 'stoppen' || soort === 'verlengen') && <TextArea label="Reden" name="vervolg-reden" required value={reden} onInput={(e) => setReden(e.currentTarget.value)} />}
      {soort === 'verlengen' && <Field label="Nieuwe deadline (een werkdag)" name="vervolg-datum" type="date" required value={datum} onInput={(e) => setDatum(e.currentTarget.value)} />}
      {soort === 'andere_regios' && (
        <Select
          label="Regio"
          name="vervolg-regio"
          required
          value={regio}
          placeholder="Kies een regio"
          options={REGIOS.filter((r) => !bezet.has(r.code)).map((r) => ({ value: r.code, label: r.naam }))}
          onChange={(e) => setRegio(e.currentTarget.value)}
        />
      )}
      {soort === 'koppelen' && <KoppelZoeker d={d} value={koppelId} onChange={setKoppelId} />}
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <button type="submit" class="knop" disabled={act.busy}>
        {act.busy ? 'Bezig…' : 'Vervolg vastleggen'}
      </button>
    </form>
  );
}

const TRAJECT_ACTIE_TEKST: Record<TrajectActie, string> = {
  bevestigen: 'Ontvangst bevestigen',
  doorsturenNaarWsp: 'Doorzetten naar het WSP',
  wspContactGemeld: 'Contact WSP met werkgever vastleggen',
  statusMelden: 'Status melden',
  terugmelden: 'Terugmelden',
  vervolgBesluiten: 'Vervolg',
  intrekken: 'Intrekken',
};

const TRAJECT_PAD: Record<string, string> = {
  bevestigen: 'bevestigen',
  doorsturenNaarWsp: 'wsp',
  wspContactGemeld: 'wsp-contact',
  statusMelden: 'status',
  terugmelden: 'terugmelding',
};

function TrajectActies({ id, t, state, user, done }: { id: string; t: Traject; state: MeldingState; user: Medewerker; done: Done }) {
  const acties = trajectActies(t, user, state);
  const [open, setOpen] = useState<TrajectActie | null>(null);
  const act = useAction();
  if (!acties.length) return null;
  const send = async (actie: TrajectActie, body: unknown, msg: string) => {
    const r = await act.run(() => post(meldingApi.traject(id, t.regioCode, TRAJECT_PAD[actie]!), body));
    if (r !== undefined) {
      setOpen(null);
      done(msg);
    }
  };
  return (
    <div class="traject-acties">
      <h4>Wat nu?</h4>
      <div class="knoppen">
        {acties.map((a) =>
          a === 'bevestigen' ? (
            <button key={a} type="button" class="knop" disabled={act.busy} onClick={() => send(a, {}, `Ontvangst bevestigd voor ${regioNaam(t.regioCode)}.`)}>
              {TRAJECT_ACTIE_TEKST[a]}
            </button>
          ) : (
            <button key={a} type="button" class={`knop ${open === a ? '' : 'secundair'}`} aria-expanded={open === a} onClick={() => setOpen(open === a ? null : a)}>
              {TRAJECT_ACTIE_TEKST[a]}
            </button>
          ),
        )}
      </div>
      {act.error !== undefined && <ErrorBox error={act.error} />}
      {open === 'doorsturenNaarWsp' && <DoorsturenForm t={t} busy={act.busy} onSubmit={(b) => send('doorsturenNaarWsp', b, `Doorgezet naar het WSP. Het WSP reageert binnen ${termijnTekst('wsp_reactie')} bij de werkgever.`)} />}
      {open === 'wspContactGemeld' && <KorteTekstForm label="Toelichting (optioneel)" veld="toelichting" knop="Contact vastleggen" busy={act.busy} onSubmit={(b) => send('wspContactGemeld', b, 'Het contact met de werkgever is vastgelegd.')} />}
      {open === 'statusMelden' && <KorteTekstForm label="Stand van zaken" veld="stand" verplicht knop="Status melden" busy={act.busy} onSubmit={(b) => send('statusMelden', b, 'De status is gemeld aan werkgever en team.')} />}
      {open === 'terugmelden' && <TerugmeldForm busy={act.busy} onSubmit={(b) => send('terugmelden', b, 'De terugmelding is gedaan.')} />}
    </div>
  );
}

function DoorsturenForm({ t, busy, onSubmit }: { t: Traject; busy: boolean; onSubmit: (b: unknown) => void }) {
  const wsps = useAsync((signal) => get(refApi.wspsVanRegio(t.regioCode), signal).then((x) => items<{ id: string | number; naam: string }>(x, 'wsps')), [t.regioCode]);
  const [wspId, setWspId] = useState('');
  const [cc, setCc] = useState<string[]>([]);
  const [toel, setToel] = useState('');
  const list = wsps.data ?? [];
  return (
    <form
      class="formulier"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ ...(wspId || list.length === 1 ? { wspId: Number(wspId || list[0]!.id) } : {}), cc, ...(toel.trim() ? { toelichting: toel.trim() } : {}) });
      }}
    >
      {wsps.loading && <Loading label="WSP’s laden…" />}
      {list.length > 1 && (
        <Select label="WSP" name="wsp" required value={wspId} placeholder="Kies een WSP" options={list.map((w) => ({ value: String(w.id), label: w.naam }))} onChange={(e) => setWspId(e.currentTarget.value)} />
      )}
      {list.length === 1 && <p>WSP: {list[0]!.naam}</p>}
      <fieldset>
        <legend>Ter informatie in kopie (optioneel)</legend>
        {Object.entries(CC_NAMEN).map(([k, l]) => (
          <label class="keuze" key={k}>
            <input type="checkbox" checked={cc.includes(k)} onChange={(e) => setCc(e.currentTarget.checked ? [...cc, k] : cc.filter((x) => x !== k))} /> {l}
          </label>
        ))}
      </fieldset>
      <TextArea label="Toelichting voor het WSP (optioneel)" name="wsp-toelichting" value={toel} onInput={(e) => setToel(e.currentTarget.value)} />
      <button type="submit" class="knop" disabled={busy || (list.length > 1 && !wspId)}>
        {busy ? 'Bezig…' : 'Doorzetten'}
      </button>
    </form>
  );
}

function KorteTekstForm(p: { label: string; veld: string; knop: string; verplicht?: boolean; busy: boolean; onSubmit: (b: unknown) => void }) {
  const [v, setV] = useState('');
  return (
    <form
      class="formulier"
      onSubmit={(e) => {
        e.preventDefault();
        p.onSubmit(v.trim() ? { [p.veld]: v.trim() } : {});
      }}
    >
      <TextArea label={p.label} name={p.veld} required={p.verplicht} value={v} onInput={(e) => setV(e.currentTarget.value)} />
      <button type="submit" class="knop" disabled={p.busy || (p.verplicht && !v.trim())}>
        {p.busy ? 'Bezig…' : p.knop}
      </button>
    </form>
  );
}

function TerugmeldForm({ busy, onSubmit }: { busy: boolean; onSubmit: (b: unknown) => void }) {
  const [resultaat, setResultaat] = useState('vervuld');
  const [aantal, setAantal] = useState('1');
  const [oplossing, setOplossing] = useState('wsp_bemiddeling');
  const [toel, setToel] = useState('');
  return (
    <form
      class="formulier"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ uitkomst: { resultaat, aantalGeplaatst: Number(aantal), oplossing, ...(toel.trim() ? { toelichting: toel.trim() } : {}) } });
      }}
    >
      <Select label="Resultaat" name="resultaat" value={resultaat} options={Object.entries(UITKOMST_NAMEN).map(([value, label]) => ({ value, label }))} onChange={(e) => {
        const v = e.currentTarget.value;
        setResultaat(v);
        if (v === 'niet_vervuld') setAantal('0');
      }} />
      <Field label="Aantal geplaatste mensen" name="aantal" type="number" min={0} value={aantal} onInput={(e) => setAantal(e.currentTarget.value)} />
      <Select label="Oplossing" name="oplossing" value={oplossing} options={Object.entries(OPLOSSING_NAMEN).map(([value, label]) => ({ value, label }))} onChange={(e) => setOplossing(e.currentTarget.value)} />
      <TextArea label="Toelichting (optioneel)" name="uitkomst-toelichting" value={toel} onInput={(e) => setToel(e.currentTarget.value)} />
      <button type="submit" class="knop" disabled={busy}>
        {busy ? 'Bezig…' : 'Terugmelding versturen'}
      </button>
    </form>
  );
}
