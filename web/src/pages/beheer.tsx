// Beheer: the receiving contact and backup (achtervang) per regio, the team's duty roster, the WSPs, the
// regional partners, (in beheer-medewerkers.tsx) the accounts and (in beheer-mail.tsx) undeliverable mail.
import { useState } from 'preact/hooks';
import { del, get, items, patch, post, put, qs } from '../api';
import { beheerApi } from '../endpoints';
import { REGIOS, regioNaam } from '../ref';
import { Link } from '../router';
import { ErrorBox, Field, formatDate, Loading, PageTitle, Select, Success, useAction, useAsync } from '../ui';
import { OnbezorgdeMail } from './beheer-mail';
import { Medewerkers, type MedewerkerRij } from './beheer-medewerkers';

const TABS = [
  { id: 'regio-contacten', label: 'Regio-contacten' },
  { id: 'rooster', label: 'Rooster' },
  { id: 'wsps', label: 'WSP’s' },
  { id: 'partners', label: 'Regionale partners' },
  { id: 'medewerkers', label: 'Medewerkers' },
  { id: 'mail', label: 'Onbezorgde mail' },
];

export function BeheerPage({ tab = 'regio-contacten' }: { tab?: string }) {
  const mw = useAsync((signal) => get(beheerApi.medewerkers, signal).then((x) => items<MedewerkerRij>(x, 'medewerkers')), []);
  return (
    <>
      <PageTitle>Beheer</PageTitle>
      <nav aria-label="Onderdelen van beheer" class="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <Link href={`/beheer/${t.id}`} aria-current={tab === t.id ? 'page' : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
          <li>
            <Link href="/wegwijzer">Wegwijzer</Link>
          </li>
        </ul>
      </nav>
      {mw.error !== undefined && <ErrorBox error={mw.error} retry={mw.reload} />}
      {tab === 'regio-contacten' && <RegioContacten medewerkers={mw.data ?? []} />}
      {tab === 'rooster' && <Rooster medewerkers={mw.data ?? []} />}
      {tab === 'wsps' && <Wsps />}
      {tab === 'partners' && <Partners />}
      {tab === 'medewerkers' && <Medewerkers lijst={mw} />}
      {tab === 'mail' && <OnbezorgdeMail />}
    </>
  );
}

/** GET /api/beheer/regios */
interface RegioContactRij {
  code: string;
  naam: string;
  contactId: number | null;
  contactNaam: string | null;
  achtervangId: number | null;
  achtervangNaam: string | null;
}

function RegioContacten({ medewerkers }: { medewerkers: MedewerkerRij[] }) {
  const list = useAsync((signal) => get(beheerApi.regios, signal).then((x) => items<RegioContactRij>(x, 'regios')), []);
  const [edit, setEdit] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const byCode = new Map((list.data ?? []).map((r) => [r.code, r]));
  const kandidaten = medewerkers.filter((m) => m.rol === 'regio-contact' && m.actief !== false);
  return (
    <section class="paneel">
      <h2>Contactpersoon en achtervang per regio</h2>
      <p class="hint">Een wijziging geldt voor nieuwe routeringen; lopende trajecten houden hun contacten tot ze opnieuw worden toegewezen.</p>
      {flash && <Success>{flash}</Success>}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      <div class="tabel-wrap" role="region" aria-label="Regio-contacten" tabIndex={0}>
        <table class="tabel">
          <thead>
            <tr>
              <th scope="col">Regio</th>
              <th scope="col">Contactpersoon</th>
              <th scope="col">Achtervang</th>
              <th scope="col">
                <span class="visueel-verborgen">Acties</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {REGIOS.map((r) => {
              const c = byCode.get(r.code);
              return edit === r.code ? (
                <tr key={r.code}>
                  <td colSpan={4}>
                    <ContactForm
                      regioCode={r.code}
                      huidig={c}
                      kandidaten={kandidaten}
                      onCancel={() => setEdit(null)}
                      onSaved={() => {
                        setEdit(null);
                        setFlash(`De contacten van ${r.naam} zijn opgeslagen.`);
                        list.reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={r.code}>
                  <th scope="row" data-label="Regio">
                    {r.naam} <span class="klein">({r.code})</span>
                  </th>
                  <td data-label="Contactpersoon">{c?.contactNaam ?? '—'}</td>
                  <td data-label="Achtervang">{c?.achtervangNaam ?? '—'}</td>
                  <td>
                    <button type="button" class="knop secundair klein-knop" onClick={() => setEdit(r.code)}>
                      Wijzigen <span class="visueel-verborgen">{r.naam}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ContactForm(p: { regioCode: string; huidig?: RegioContactRij; kandidaten: MedewerkerRij[]; onCancel: () => void; onSaved: () => void }) {
  const [mid, setMid] = useState(p.huidig?.contactId ? String(p.huidig.contactId) : '');
  const [aid, setAid] = useState(p.huidig?.achtervangId ? String(p.huidig.achtervangId) : '');
  const act = useAction();
  const opts = p.kandidaten.map((m) => ({ value: String(m.id), label: `${m.naam}${m.email ? ` (${m.email})` : ''}` }));
  return (
    <form
      class="formulier"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await act.run(() => put(beheerApi.regioContacten(p.regioCode), { medewerkerId: Number(mid), achtervangId: aid ? Number(aid) : null }));
        if (r !== undefined) p.onSaved();
      }}
    >
      <h3>{regioNaam(p.regioCode)}</h3>
      <Select label="Contactpersoon" name="medewerkerId" required value={mid} placeholder="Kies een medewerker" options={opts} onChange={(e) => setMid(e.currentTarget.value)} />
      <Select label="Achtervang" name="achtervangId" value={aid} placeholder="Geen achtervang" options={opts.filter((o) => o.value !== mid)} onChange={(e) => setAid(e.currentTarget.value)} />
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy || !mid}>
          Opslaan
        </button>
        <button type="button" class="knop secundair" onClick={p.onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}

interface RoosterRij {
  id: number;
  datum: string;
  medewerkerId: number;
  naam?: string;
}

const isoDag = (d: Date) => d.toISOString().slice(0, 10);

function Rooster({ medewerkers }: { medewerkers: MedewerkerRij[] }) {
  // The coming eight weeks: what a beheerder plans; older entries are history.
  const van = isoDag(new Date());
  const tot = isoDag(new Date(Date.now() + 56 * 86_400_000));
  const list = useAsync(
    (signal) => get(beheerApi.rooster + qs({ van, tot }), signal).then((x) => items<RoosterRij>(x, 'rooster').sort((a, b) => a.datum.localeCompare(b.datum))),
    [van, tot],
  );
  const [datum, setDatum] = useState('');
  const [mid, setMid] = useState('');
  const act = useAction();
  const team = medewerkers.filter((m) => m.rol === 'team' && m.actief !== false);
  const naam = (r: RoosterRij) => r.naam ?? medewerkers.find((m) => String(m.id) === String(r.medewerkerId))?.naam ?? `medewerker ${r.medewerkerId}`;
  return (
    <section class="paneel">
      <h2>Rooster van Team NLWerktDoor</h2>
      <p class="hint">Elke werkdag moet iemand nieuwe meldingen binnen 24 uur oppakken. Hieronder de komende acht weken.</p>
      <form
        class="filterform"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await act.run(() => post(beheerApi.rooster, { datum, medewerkerId: Number(mid) }));
          if (r !== undefined) {
            setDatum('');
            list.reload();
          }
        }}
      >
        <Field label="Datum" name="datum" type="date" required value={datum} onInput={(e) => setDatum(e.currentTarget.value)} />
        <Select label="Medewerker" name="medewerker" required value={mid} placeholder="Kies een teamlid" options={team.map((m) => ({ value: String(m.id), label: m.naam }))} onChange={(e) => setMid(e.currentTarget.value)} />
        <div class="knoppen">
          <button type="submit" class="knop" disabled={act.busy || !datum || !mid}>
            Dienst toevoegen
          </button>
        </div>
      </form>
      {act.error !== undefined && <ErrorBox error={act.error} />}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && list.data.length === 0 && <p>Er staan nog geen diensten in het rooster.</p>}
      <ul class="kaartlijst">
        {(list.data ?? []).map((r) => (
          <li key={r.id} class="rij rij-kop">
            <span>
              <strong>{formatDate(r.datum)}</strong> · {naam(r)}
            </span>
            <button
              type="button"
              class="knop secundair klein-knop"
              onClick={async () => {
                if ((await act.run(() => del(beheerApi.roosterItem(r.id)))) !== undefined) list.reload();
              }}
            >
              Verwijderen <span class="visueel-verborgen">dienst {formatDate(r.datum)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface WspRij {
  id: string | number;
  regioCode: string;
  naam: string;
  email?: string | null;
  actief?: boolean;
}

function Wsps() {
  const list = useAsync((signal) => get(beheerApi.wsps, signal).then((x) => items<WspRij>(x, 'wsps')), []);
  const [edit, setEdit] = useState<WspRij | 'nieuw' | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const rows = [...(list.data ?? [])].sort((a, b) => a.regioCode.localeCompare(b.regioCode) || a.naam.localeCompare(b.naam, 'nl'));
  return (
    <section class="paneel">
      <h2>Werkgeversservicepunten</h2>
      {flash && <Success>{flash}</Success>}
      {edit === null ? (
        <button type="button" class="knop" onClick={() => setEdit('nieuw')}>
          WSP toevoegen
        </button>
      ) : (
        <WspForm
          wsp={edit === 'nieuw' ? undefined : edit}
          onCancel={() => setEdit(null)}
          onSaved={(m) => {
            setEdit(null);
            setFlash(m);
            list.reload();
          }}
        />
      )}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      <ul class="kaartlijst">
        {rows.map((w) => (
          <li key={w.id} class="rij">
            <div class="rij-kop">
              <strong>{w.naam}</strong>
              <button type="button" class="knop secundair klein-knop" onClick={() => setEdit(w)}>
                Wijzigen <span class="visueel-verborgen">{w.naam}</span>
              </button>
            </div>
            <p class="klein">
              {regioNaam(w.regioCode)} · {w.email ?? 'geen e-mailadres'}
              {w.actief === false ? ' · niet actief' : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function WspForm({ wsp, onCancel, onSaved }: { wsp?: WspRij; onCancel: () => void; onSaved: (m: string) => void }) {
  const [v, setV] = useState({ naam: wsp?.naam ?? '', regioCode: wsp?.regioCode ?? '', email: wsp?.email ?? '', actief: wsp?.actief ?? true });
  const act = useAction();
  return (
    <form
      class="formulier"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const email = v.email.trim();
        const r = await act.run(() =>
          wsp
            ? patch(beheerApi.wsp(wsp.id), { naam: v.naam.trim(), email: email || null, actief: v.actief })
            : post(beheerApi.wsps, { naam: v.naam.trim(), regioCode: v.regioCode, ...(email ? { email } : {}) }),
        );
        if (r !== undefined) onSaved(wsp ? 'Het WSP is bijgewerkt.' : 'Het WSP is toegevoegd.');
      }}
    >
      <h3>{wsp ? `${wsp.naam} wijzigen` : 'Nieuw WSP'}</h3>
      <Field label="Naam" name="naam" required value={v.naam} onInput={(e) => setV({ ...v, naam: e.currentTarget.value })} />
      {wsp ? (
        <p>Regio: {regioNaam(wsp.regioCode)}</p>
      ) : (
        <Select label="Regio" name="regioCode" required value={v.regioCode} placeholder="Kies een regio" options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))} onChange={(e) => setV({ ...v, regioCode: e.currentTarget.value })} />
      )}
      <Field label="E-mailadres" name="email" type="email" value={v.email} onInput={(e) => setV({ ...v, email: e.currentTarget.value })} />
      {wsp && (
        <label class="keuze">
          <input type="checkbox" checked={v.actief} onChange={(e) => setV({ ...v, actief: e.currentTarget.checked })} /> Actief
        </label>
      )}
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          Opslaan
        </button>
        <button type="button" class="knop secundair" onClick={onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}

/** GET /api/beheer/regio-partners */
interface PartnerRij {
  regioCode: string;
  soort: 'vno_ncw_mkb' | 'pow_regisseur';
  naam: string;
  email: string;
}

const PARTNER_SOORTEN: { soort: PartnerRij['soort']; label: string }[] = [
  { soort: 'vno_ncw_mkb', label: 'Regiovertegenwoordiger VNO-NCW/MKB-Nederland' },
  { soort: 'pow_regisseur', label: 'Regio-regisseur Perspectief op Werk' },
];

/** Who gets a copy when a regio-contact forwards a melding to the WSP with these partners in cc. */
function Partners() {
  const list = useAsync((signal) => get(beheerApi.regioPartners, signal).then((x) => items<PartnerRij>(x, 'partners')), []);
  const [regio, setRegio] = useState('');
  const [flash, setFlash] = useState<string | null>(null);
  const vanRegio = (list.data ?? []).filter((p) => p.regioCode === regio);
  return (
    <section class="paneel">
      <h2>Regionale partners</h2>
      <p class="klein">Zij krijgen een kopie als het regio-contact een melding met hen in cc naar het WSP doorzet. Zonder adres gaat er geen kopie.</p>
      {flash && <Success>{flash}</Success>}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      <Select
        label="Regio"
        name="partnerRegio"
        value={regio}
        placeholder="Kies een regio"
        options={REGIOS.map((r) => ({ value: r.code, label: r.naam }))}
        onChange={(e) => {
          setRegio(e.currentTarget.value);
          setFlash(null);
        }}
      />
      {regio &&
        PARTNER_SOORTEN.map((s) => (
          <PartnerForm
            key={`${regio}-${s.soort}`}
            regioCode={regio}
            soort={s.soort}
            label={s.label}
            huidig={vanRegio.find((p) => p.soort === s.soort)}
            onSaved={(m) => {
              setFlash(m);
              list.reload();
            }}
          />
        ))}
    </section>
  );
}

function PartnerForm(p: { regioCode: string; soort: PartnerRij['soort']; label: string; huidig?: PartnerRij; onSaved: (m: string) => void }) {
  const [v, setV] = useState({ naam: p.huidig?.naam ?? '', email: p.huidig?.email ?? '' });
  const act = useAction();
  const id = `${p.soort}-${p.regioCode}`;
  return (
    <form
      class="formulier"
      noValidate
      aria-labelledby={`kop-${id}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await act.run(() => put(beheerApi.regioPartner(p.regioCode, p.soort), { naam: v.naam.trim(), email: v.email.trim() }));
        if (r !== undefined) p.onSaved(`${p.label} voor ${regioNaam(p.regioCode)} is vastgelegd.`);
      }}
    >
      <h3 id={`kop-${id}`}>{p.label}</h3>
      <Field label="Naam" name={`naam-${id}`} required value={v.naam} onInput={(e) => setV({ ...v, naam: e.currentTarget.value })} />
      <Field label="E-mailadres" name={`email-${id}`} type="email" required value={v.email} onInput={(e) => setV({ ...v, email: e.currentTarget.value })} />
      {act.error !== undefined && <ErrorBox error={act.error} />}
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          Opslaan
        </button>
        {p.huidig && (
          <button
            type="button"
            class="knop secundair"
            disabled={act.busy}
            onClick={async () => {
              const r = await act.run(() => del(beheerApi.regioPartner(p.regioCode, p.soort)));
              if (r !== undefined) {
                setV({ naam: '', email: '' });
                p.onSaved(`${p.label} voor ${regioNaam(p.regioCode)} is verwijderd.`);
              }
            }}
          >
            Verwijderen
          </button>
        )}
      </div>
    </form>
  );
}
