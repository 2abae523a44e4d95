// The public melding form. Validation is the API's: its 400 problem+json lists every problem with a
// path, and each message is shown next to the field it belongs to.
import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, normalisePath, post } from '../api';
import { Link, navigate, useLocation } from '../router';
import { SECTOREN } from '../ref';
import { ErrorBox, Field, PageTitle, Select, TextArea } from '../ui';
import { termijnTekst } from '../../../domain/melding/termijn-teksten';

interface Vestiging {
  postcode: string;
  huisnummer: string;
  plaats: string;
}
interface Functie {
  omschrijving: string;
  aantal: string;
}

export interface MeldResultaat {
  id: string | number;
  nummer?: number;
  volgLink: string;
  soort: string;
}

const BEVESTIGING_KEY = 'werkroute.bevestiging';

function newKey() {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function MeldFormPage() {
  const { query } = useLocation();
  const [soort, setSoort] = useState(query.get('soort') === 'aanbod' ? 'aanbod' : 'vraag');
  const [naam, setNaam] = useState('');
  const [kvk, setKvk] = useState('');
  const [vestigingen, setVestigingen] = useState<Vestiging[]>([{ postcode: '', huisnummer: '', plaats: '' }]);
  const [cp, setCp] = useState({ naam: '', email: '', telefoon: '' });
  const [sector, setSector] = useState('');
  const [functies, setFuncties] = useState<Functie[]>([{ omschrijving: '', aantal: '1' }]);
  const [van, setVan] = useState('');
  const [tot, setTot] = useState('');
  const [toelichting, setToelichting] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  // One key per filled-in form: a retry after a lost response returns the first melding, not a second.
  const idemKey = useRef(newKey());
  const summaryRef = useRef<HTMLDivElement>(null);

  const sectorOptions = useMemo(() => SECTOREN.map((s) => ({ value: s.letter, label: `${s.letter} — ${s.naam}` })), []);

  const body = () => {
    const b: Record<string, unknown> = {
      soort,
      werkgever: {
        naam: naam.trim(),
        kvkNummer: kvk.replace(/\s/g, ''),
        vestigingen: vestigingen.map((v) => ({ postcode: v.postcode.trim(), huisnummer: v.huisnummer.trim(), plaats: v.plaats.trim() })),
      },
      contactpersoon: { naam: cp.naam.trim(), email: cp.email.trim(), ...(cp.telefoon.trim() ? { telefoon: cp.telefoon.trim() } : {}) },
      sector,
      functies: functies.map((f) => ({ omschrijving: f.omschrijving.trim(), aantal: f.aantal === '' ? 0 : Number(f.aantal) })),
    };
    if (van || tot) b.periode = { ...(van ? { van } : {}), ...(tot ? { tot } : {}) };
    if (toelichting.trim()) b.toelichting = toelichting.trim();
    return b;
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const res = await post<{ id: string; nummer?: number; volgLink: string }>('/api/meldingen', body(), { 'Idempotency-Key': idemKey.current });
      const result: MeldResultaat = { id: res.id, nummer: res.nummer, volgLink: res.volgLink, soort };
      sessionStorage.setItem(BEVESTIGING_KEY, JSON.stringify(result));
      navigate('/melden/bevestiging');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        setErrors(err.fieldErrors());
      }
      setFailure(err);
      // The summary gets focus so keyboard and screen-reader users hear what to fix.
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const err = (path: string) => errors[path];
  // Messages for paths no field shows (e.g. the root object) still appear in the summary.
  const shownPaths = new Set<string>();
  const e = (path: string) => {
    shownPaths.add(path);
    return err(path);
  };

  const setV = (i: number, k: keyof Vestiging, v: string) => setVestigingen(vestigingen.map((x, j) => (j === i ? { ...x, [k]: v } : x)));
  const setF = (i: number, k: keyof Functie, v: string) => setFuncties(functies.map((x, j) => (j === i ? { ...x, [k]: v } : x)));

  const fieldList = (
    <form onSubmit={onSubmit} noValidate class="formulier" aria-describedby="form-uitleg">
      <p id="form-uitleg" class="hint">
        Velden met (verplicht) moeten worden ingevuld. Uw gegevens gebruiken wij alleen om uw melding te behandelen.
      </p>
      <fieldset>
        <legend>Wat wilt u melden?</legend>
        <div class="keuzes">
          <label class="keuze">
            <input type="radio" name="soort" value="vraag" checked={soort === 'vraag'} onChange={() => setSoort('vraag')} /> Ik zoek personeel (vraag)
          </label>
          <label class="keuze">
            <input type="radio" name="soort" value="aanbod" checked={soort === 'aanbod'} onChange={() => setSoort('aanbod')} /> Ik heb personeel over (aanbod)
          </label>
        </div>
        {e('soort') && <p class="veldfout">{e('soort')}</p>}
      </fieldset>

      <fieldset>
        <legend>Uw organisatie</legend>
        <Field label="Naam van de organisatie" name="werkgever.naam" required value={naam} onInput={(ev) => setNaam(ev.currentTarget.value)} error={e('werkgever.naam')} autoComplete="organization" />
        <Field
          label="KvK-nummer"
          name="werkgever.kvkNummer"
          required
          inputMode="numeric"
          hint="8 cijfers"
          value={kvk}
          onInput={(ev) => setKvk(ev.currentTarget.value)}
          error={e('werkgever.kvkNummer')}
        />
        <Select
          label="Sector"
          name="sector"
          required
          placeholder="Kies een sector"
          options={sectorOptions}
          value={sector}
          onChange={(ev) => setSector(ev.currentTarget.value)}
          error={e('sector')}
        />
      </fieldset>

      <fieldset>
        <legend>Vestigingen</legend>
        <p class="hint">Op basis van de vestigingen bepalen wij welke arbeidsmarktregio’s uw melding oppakken.</p>
        {e('werkgever.vestigingen') && <p class="veldfout">{e('werkgever.vestigingen')}</p>}
        {vestigingen.map((v, i) => (
          <div class="rij-groep" key={i} role="group" aria-label={`Vestiging ${i + 1}`}>
            <Field label={`Postcode vestiging ${i + 1}`} name={`werkgever.vestigingen.${i}.postcode`} required hint="Bijvoorbeeld 1621 AB" value={v.postcode} onInput={(ev) => setV(i, 'postcode', ev.currentTarget.value)} error={e(`werkgever.vestigingen.${i}.postcode`)} autoComplete="postal-code" />
            <Field label="Huisnummer" name={`werkgever.vestigingen.${i}.huisnummer`} required value={v.huisnummer} onInput={(ev) => setV(i, 'huisnummer', ev.currentTarget.value)} error={e(`werkgever.vestigingen.${i}.huisnummer`)} />
            <Field label="Plaats" name={`werkgever.vestigingen.${i}.plaats`} required value={v.plaats} onInput={(ev) => setV(i, 'plaats', ev.currentTarget.value)} error={e(`werkgever.vestigingen.${i}.plaats`)} autoComplete="address-level2" />
            {vestigingen.length > 1 && (
              <button type="button" class="link-knop" onClick={() => setVestigingen(vestigingen.filter((_, j) => j !== i))}>
                Vestiging {i + 1} verwijderen
              </button>
            )}
          </div>
        ))}
        <button type="button" class="knop secundair" onClick={() => setVestigingen([...vestigingen, { postcode: '', huisnummer: '', plaats: '' }])}>
          Vestiging toevoegen
        </button>
      </fieldset>

      <fieldset>
        <legend>{soort === 'vraag' ? 'Welke functies zoekt u?' : 'Welke functies heeft u over?'}</legend>
        {e('functies') && <p class="veldfout">{e('functies')}</p>}
        {functies.map((f, i) => (
          <div class="rij-groep" key={i} role="group" aria-label={`Functie ${i + 1}`}>
            <Field label={`Functie ${i + 1}`} name={`functies.${i}.omschrijving`} required value={f.omschrijving} onInput={(ev) => setF(i, 'omschrijving', ev.currentTarget.value)} error={e(`functies.${i}.omschrijving`)} />
            <Field label="Aantal personen" name={`functies.${i}.aantal`} required type="number" min={1} inputMode="numeric" value={f.aantal} onInput={(ev) => setF(i, 'aantal', ev.currentTarget.value)} error={e(`functies.${i}.aantal`)} />
            {functies.length > 1 && (
              <button type="button" class="link-knop" onClick={() => setFuncties(functies.filter((_, j) => j !== i))}>
                Functie {i + 1} verwijderen
              </button>
            )}
          </div>
        ))}
        <button type="button" class="knop secundair" onClick={() => setFuncties([...functies, { omschrijving: '', aantal: '1' }])}>
          Functie toevoegen
        </button>
      </fieldset>

      <fieldset>
        <legend>Periode (optioneel)</legend>
        <p class="hint">Vul beide data in, of laat beide leeg.</p>
        <div class="rij-groep">
          <Field label="Vanaf" name="periode.van" type="date" value={van} onInput={(ev) => setVan(ev.currentTarget.value)} error={e('periode.van')} />
          <Field label="Tot en met" name="periode.tot" type="date" value={tot} onInput={(ev) => setTot(ev.currentTarget.value)} error={e('periode.tot') ?? e('periode')} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Contactpersoon</legend>
        <Field label="Naam" name="contactpersoon.naam" required value={cp.naam} onInput={(ev) => setCp({ ...cp, naam: ev.currentTarget.value })} error={e('contactpersoon.naam')} autoComplete="name" />
        <Field label="E-mailadres" name="contactpersoon.email" type="email" required value={cp.email} onInput={(ev) => setCp({ ...cp, email: ev.currentTarget.value })} error={e('contactpersoon.email')} autoComplete="email" />
        <Field label="Telefoonnummer" name="contactpersoon.telefoon" type="tel" value={cp.telefoon} onInput={(ev) => setCp({ ...cp, telefoon: ev.currentTarget.value })} error={e('contactpersoon.telefoon')} autoComplete="tel" />
      </fieldset>

      <TextArea label="Toelichting (optioneel)" name="toelichting" value={toelichting} onInput={(ev) => setToelichting(ev.currentTarget.value)} error={e('toelichting')} />

      <button type="submit" class="knop" disabled={busy}>
        {busy ? 'Bezig met versturen…' : 'Melding versturen'}
      </button>
    </form>
  );

  const errorEntries = Object.entries(errors);
  const unplaced = errorEntries.filter(([p]) => !shownPaths.has(p));
  return (
    <>
      <PageTitle sub={`Team NLWerktDoor neemt uw melding binnen ${termijnTekst('intake')} in behandeling.`}>Melding doen</PageTitle>
      <div ref={summaryRef} tabIndex={-1} aria-live="assertive">
        {failure !== undefined &&
          (errorEntries.length ? (
            <div class="melding-fout" role="alert">
              <p>
                <strong>Controleer het formulier.</strong> Er {errorEntries.length === 1 ? 'is 1 punt' : `zijn ${errorEntries.length} punten`} om te verbeteren:
              </p>
              <ul>
                {errorEntries.map(([p, m]) => (
                  <li key={p}>
                    {unplaced.some(([u]) => u === p) ? (
                      `${labelFor(p)}: ${m}`
                    ) : (
                      <a href="#" onClick={(ev) => focusField(ev, p)}>
                        {labelFor(p)}: {m}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <ErrorBox error={failure} />
          ))}
      </div>
      {fieldList}
    </>
  );
}

const LABELS: Record<string, string> = {
  soort: 'Soort melding',
  'werkgever.naam': 'Naam van de organisatie',
  'werkgever.kvkNummer': 'KvK-nummer',
  'werkgever.vestigingen': 'Vestigingen',
  sector: 'Sector',
  functies: 'Functies',
  periode: 'Periode',
  'periode.van': 'Periode vanaf',
  'periode.tot': 'Periode tot en met',
  'contactpersoon.naam': 'Naam contactpersoon',
  'contactpersoon.email': 'E-mailadres',
  'contactpersoon.telefoon': 'Telefoonnummer',
  toelichting: 'Toelichting',
  '': 'Formulier',
};

/** The API's messages name no field ("moet 8 cijfers zijn"), so the summary puts the label in front. */
function labelFor(p: string): string {
  const key = normalisePath(p);
  if (LABELS[key]) return LABELS[key];
  const v = /^werkgever\.vestigingen\.(\d+)\.(\w+)$/.exec(key);
  if (v) return `Vestiging ${Number(v[1]) + 1}, ${v[2]}`;
  const f = /^functies\.(\d+)\.(\w+)$/.exec(key);
  if (f) return `Functie ${Number(f[1]) + 1}, ${f[2] === 'aantal' ? 'aantal' : 'omschrijving'}`;
  return key;
}

function focusField(ev: Event, path: string) {
  ev.preventDefault();
  const el = document.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`);
  el?.focus();
}

export function BevestigingPage() {
  let result: MeldResultaat | null = null;
  try {
    result = JSON.parse(sessionStorage.getItem(BEVESTIGING_KEY) ?? 'null') as MeldResultaat | null;
  } catch {
    result = null;
  }
  if (!result) {
    return (
      <>
        <PageTitle>Melding doen</PageTitle>
        <p>
          Er is in dit venster geen melding verstuurd. <Link href="/melden">Doe een melding</Link>.
        </p>
      </>
    );
  }
  const link = absoluteLink(result.volgLink);
  const path = volgPath(result.volgLink);
  return (
    <>
      <PageTitle>Bedankt, uw melding is ontvangen</PageTitle>
      <div class="melding-ok" role="status">
        <p>
          Uw {result.soort === 'aanbod' ? 'aanbod' : 'personeelsvraag'} is geregistreerd onder nummer <strong>{String(result.nummer ?? result.id)}</strong>. Noem dit nummer als u contact met ons heeft.
        </p>
      </div>
      <section class="paneel">
        <h2>Wat gebeurt er nu?</h2>
        <ol class="stappenlijst">
          <li>Binnen {termijnTekst('intake')} neemt een medewerker van Team NLWerktDoor contact met u op.</li>
          <li>Daarna zetten wij uw melding door naar de arbeidsmarktregio(’s) van uw vestiging(en).</li>
          <li>Het werkgeversservicepunt (WSP) in uw regio neemt binnen {termijnTekst('wsp_reactie')} contact met u op.</li>
        </ol>
      </section>
      <section class="paneel">
        <h2>Volg uw melding</h2>
        <p>Met deze persoonlijke link ziet u hoe het met uw melding staat. Bewaar de link goed en deel hem niet: iedereen met de link kan de melding zien en intrekken.</p>
        <p class="volglink">
          <a href={path} data-testid="volglink">
            {link}
          </a>
        </p>
        <button type="button" class="knop secundair" onClick={() => navigator.clipboard?.writeText(link).catch(() => undefined)}>
          Link kopiëren
        </button>
      </section>
    </>
  );
}

/** volgLink may be absolute (`http://host/volg/abc`) or a path; the app always shows the full address. */
function absoluteLink(l: string) {
  try {
    return new URL(l, location.origin).toString();
  } catch {
    return l;
  }
}
function volgPath(l: string) {
  try {
    const u = new URL(l, location.origin);
    return u.origin === location.origin ? u.pathname + u.search + u.hash : u.toString();
  } catch {
    return l;
  }
}
