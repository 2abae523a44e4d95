// Beheer → Medewerkers: a fresh install has one beheerder, who creates every other account here, turns
// accounts off when people leave, sets a password when someone forgot theirs and lifts sign-in locks.
import { useState } from 'preact/hooks';
import { ApiError, del, get, items, patch, post, put } from '../api';
import { useAuth } from '../auth';
import { beheerApi } from '../endpoints';
import { regioNaam, ROL_NAMEN } from '../ref';
import { Field, FormulierFout, Loading, Select, StatusBadge, Success, useAction, useAsync, veldFouten } from '../ui';

export interface MedewerkerRij {
  id: string | number;
  naam: string;
  email?: string;
  rol: string;
  wspId?: number | null;
  actief?: boolean;
}

interface WspKeuze {
  id: number;
  naam: string;
  regioCode: string;
  actief?: boolean;
}

/** The roles as people say them; the API's role codes never reach the screen. */
const ROLLEN = Object.entries(ROL_NAMEN).map(([value, label]) => ({ value, label }));
const rolNaam = (rol: string) => ROL_NAMEN[rol] ?? 'Onbekende rol';

const VELDEN = { naam: 'Naam', email: 'E-mailadres', rol: 'Rol', wspId: 'Werkgeversservicepunt', wachtwoord: 'Wachtwoord', reden: 'Reden' };

/** The API answers some refusals without a field or in the informal form; say them at the field, politely. */
function alsVeldfout(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const metVeld = (path: string, message: string) => new ApiError(err.status, { ...err.problem, errors: [{ path, message }] });
  if (err.status === 409 && err.problem.detail === 'Bestaat al') return metVeld('email', 'Er is al een medewerker met dit e-mailadres.');
  if (err.status === 422 && !err.problem.errors?.length) return metVeld('wspId', 'Kies een bestaand werkgeversservicepunt.');
  if (err.status === 409 && err.problem.detail?.includes('jezelf')) return new ApiError(409, { ...err.problem, detail: 'U kunt uw eigen account niet deactiveren.' });
  return err;
}

type Lijst = { data?: MedewerkerRij[]; loading: boolean; reload: () => void };

export function Medewerkers({ lijst }: { lijst: Lijst }) {
  const { user } = useAuth();
  const wsps = useAsync((signal) => get(beheerApi.wsps, signal).then((x) => items<WspKeuze>(x, 'wsps')), []);
  const [rol, setRol] = useState('');
  const [nieuw, setNieuw] = useState(false);
  const [open, setOpen] = useState<{ id: string | number; wat: 'deactiveren' | 'wachtwoord' } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const act = useAction();
  const wspNaam = (id?: number | null) => wsps.data?.find((w) => w.id === id)?.naam;
  const rows = (lijst.data ?? []).filter((m) => !rol || m.rol === rol).sort((a, b) => a.naam.localeCompare(b.naam, 'nl'));
  const klaar = (m: string) => {
    setOpen(null);
    setNieuw(false);
    setFlash(m);
    lijst.reload();
  };

  const openen = (m: MedewerkerRij, wat: 'deactiveren' | 'wachtwoord') => {
    setOpen({ id: m.id, wat });
    setFlash(null);
  };
  const activeren = async (m: MedewerkerRij) => {
    setFlash(null);
    const r = await act.run(() => patch(beheerApi.medewerker(m.id), { actief: true }));
    if (r !== undefined) klaar(`${m.naam} is weer actief en kan inloggen (met een wachtwoord).`);
  };
  const blokkadeOpheffen = async (m: MedewerkerRij) => {
    setFlash(null);
    const r = await act.run(() => del(beheerApi.inlogblokkade(m.id)));
    if (r !== undefined) klaar(`Een eventuele inlogblokkade van ${m.naam} is opgeheven. ${m.naam} kan het nu meteen opnieuw proberen.`);
  };

  return (
    <section class="paneel">
      <h2>Medewerkers</h2>
      <p class="hint">Wie een account heeft, logt in met het eigen e-mailadres. Zonder wachtwoord kan iemand nog niet inloggen; dat kunt u hier later instellen.</p>
      {flash && <Success>{flash}</Success>}
      {nieuw ? (
        <NieuweMedewerker wsps={wsps.data ?? []} onCancel={() => setNieuw(false)} onSaved={klaar} />
      ) : (
        <div class="knoppen">
          <button
            type="button"
            class="knop"
            onClick={() => {
              setNieuw(true);
              setFlash(null);
            }}
          >
            Medewerker toevoegen
          </button>
        </div>
      )}
      <Select label="Toon rol" name="filterRol" value={rol} placeholder="Alle rollen" options={ROLLEN} onChange={(e) => setRol(e.currentTarget.value)} />
      {act.error !== undefined && <FormulierFout error={alsVeldfout(act.error)} velden={VELDEN} />}
      {lijst.loading && <Loading />}
      {lijst.data && <p class="klein">{rows.length === 1 ? '1 medewerker' : `${rows.length} medewerkers`}</p>}
      <ul class="kaartlijst" aria-label="Medewerkers">
        {rows.map((m) => {
          const ikZelf = user !== null && String(user.id) === String(m.id);
          const hier = open && String(open.id) === String(m.id) ? open.wat : null;
          return (
            <li key={m.id} class="rij">
              <div class="rij-kop">
                <strong>
                  {m.naam}
                  {ikZelf ? ' (u)' : ''}
                </strong>
                <StatusBadge kind={m.actief === false ? 'neutraal' : 'op-tijd'}>{m.actief === false ? 'Niet actief' : 'Actief'}</StatusBadge>
              </div>
              <p class="klein">
                {rolNaam(m.rol)}
                {m.rol === 'wsp' && wspNaam(m.wspId) ? ` bij ${wspNaam(m.wspId)}` : ''} · {m.email ?? 'geen e-mailadres'}
              </p>
              {hier === 'deactiveren' && <Deactiveren m={m} onCancel={() => setOpen(null)} onSaved={klaar} />}
              {hier === 'wachtwoord' && <WachtwoordInstellen m={m} onCancel={() => setOpen(null)} onSaved={klaar} />}
              {hier === null && (
                <div class="knoppen">
                  {m.actief === false ? (
                    <button type="button" class="knop secundair klein-knop" disabled={act.busy} onClick={() => activeren(m)}>
                      Activeren <span class="visueel-verborgen">{m.naam}</span>
                    </button>
                  ) : (
                    !ikZelf && (
                      <button type="button" class="knop secundair klein-knop" onClick={() => openen(m, 'deactiveren')}>
                        Deactiveren <span class="visueel-verborgen">{m.naam}</span>
                      </button>
                    )
                  )}
                  <button type="button" class="knop secundair klein-knop" onClick={() => openen(m, 'wachtwoord')}>
                    Wachtwoord instellen <span class="visueel-verborgen">voor {m.naam}</span>
                  </button>
                  <button type="button" class="knop secundair klein-knop" disabled={act.busy} onClick={() => blokkadeOpheffen(m)}>
                    Inlogblokkade opheffen <span class="visueel-verborgen">voor {m.naam}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function NieuweMedewerker({ wsps, onCancel, onSaved }: { wsps: WspKeuze[]; onCancel: () => void; onSaved: (m: string) => void }) {
  const [v, setV] = useState({ naam: '', email: '', rol: '', wspId: '', wachtwoord: '' });
  const act = useAction();
  const fout = alsVeldfout(act.error);
  const f = veldFouten(fout);
  const wspOpties = wsps
    .filter((w) => w.actief !== false)
    .sort((a, b) => a.naam.localeCompare(b.naam, 'nl'))
    .map((w) => ({ value: String(w.id), label: `${w.naam} (${regioNaam(w.regioCode)})` }));
  return (
    <form
      class="formulier"
      noValidate
      aria-labelledby="kop-nieuwe-medewerker"
      onSubmit={async (e) => {
        e.preventDefault();
        const body = {
          naam: v.naam.trim(),
          email: v.email.trim(),
          rol: v.rol,
          ...(v.rol === 'wsp' && v.wspId ? { wspId: Number(v.wspId) } : {}),
          ...(v.wachtwoord ? { wachtwoord: v.wachtwoord } : {}),
        };
        // Role and WSP come from lists, so only their absence can be wrong; the API checks everything else.
        const eigen = !v.rol ? { path: 'rol', message: 'Kies een rol.' } : v.rol === 'wsp' && !v.wspId ? { path: 'wspId', message: 'Kies het werkgeversservicepunt.' } : null;
        const r = await act.run(() => (eigen ? Promise.reject(new ApiError(400, { errors: [eigen] })) : post<MedewerkerRij>(beheerApi.medewerkers, body)));
        if (r) onSaved(`${r.naam} is toegevoegd als ${rolNaam(r.rol)}.${v.wachtwoord ? '' : ` Stel nog een wachtwoord in, anders kan ${r.naam} niet inloggen.`}`);
      }}
    >
      <h3 id="kop-nieuwe-medewerker">Nieuwe medewerker</h3>
      {fout !== undefined && <FormulierFout error={fout} velden={VELDEN} />}
      <Field label="Naam" name="naam" required autoComplete="off" value={v.naam} error={f.naam} onInput={(e) => setV({ ...v, naam: e.currentTarget.value })} />
      <Field label="E-mailadres" name="email" type="email" required autoComplete="off" value={v.email} error={f.email} onInput={(e) => setV({ ...v, email: e.currentTarget.value })} />
      <Select label="Rol" name="rol" required value={v.rol} placeholder="Kies een rol" options={ROLLEN} error={f.rol} onChange={(e) => setV({ ...v, rol: e.currentTarget.value })} />
      {v.rol === 'wsp' && (
        <Select
          label="Werkgeversservicepunt"
          name="wspId"
          required
          value={v.wspId}
          placeholder="Kies een WSP"
          options={wspOpties}
          error={f.wspId}
          onChange={(e) => setV({ ...v, wspId: e.currentTarget.value })}
        />
      )}
      <Field
        label="Wachtwoord (optioneel)"
        name="wachtwoord"
        type="password"
        autoComplete="new-password"
        hint="Minstens 12 tekens. Laat u het leeg, dan kan de medewerker pas inloggen nadat u een wachtwoord heeft ingesteld. Geef het wachtwoord persoonlijk of via een ander kanaal dan e-mail door."
        value={v.wachtwoord}
        error={f.wachtwoord}
        onInput={(e) => setV({ ...v, wachtwoord: e.currentTarget.value })}
      />
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          Medewerker toevoegen
        </button>
        <button type="button" class="knop secundair" onClick={onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}

function Deactiveren({ m, onCancel, onSaved }: { m: MedewerkerRij; onCancel: () => void; onSaved: (msg: string) => void }) {
  const [reden, setReden] = useState('');
  const act = useAction();
  const fout = alsVeldfout(act.error);
  return (
    <form
      class="formulier"
      noValidate
      aria-label={`${m.naam} deactiveren`}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await act.run(() => patch(beheerApi.medewerker(m.id), { actief: false, ...(reden.trim() ? { reden: reden.trim() } : {}) }));
        if (r !== undefined) onSaved(`${m.naam} is gedeactiveerd en overal uitgelogd.`);
      }}
    >
      <p>{m.naam} kan daarna niet meer inloggen en wordt meteen overal uitgelogd. U kunt het account later weer activeren.</p>
      {fout !== undefined && <FormulierFout error={fout} velden={VELDEN} />}
      <Field label="Reden (optioneel)" name="reden" value={reden} error={veldFouten(fout).reden} onInput={(e) => setReden(e.currentTarget.value)} />
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          Deactiveren bevestigen
        </button>
        <button type="button" class="knop secundair" onClick={onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}

function WachtwoordInstellen({ m, onCancel, onSaved }: { m: MedewerkerRij; onCancel: () => void; onSaved: (msg: string) => void }) {
  const [wachtwoord, setWachtwoord] = useState('');
  const act = useAction();
  const f = veldFouten(act.error);
  return (
    <form
      class="formulier"
      noValidate
      aria-label={`Wachtwoord instellen voor ${m.naam}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await act.run(() => put(beheerApi.medewerkerWachtwoord(m.id), { wachtwoord }));
        if (r !== undefined) onSaved(`Het nieuwe wachtwoord van ${m.naam} is ingesteld. ${m.naam} is overal uitgelogd en een eventuele inlogblokkade is opgeheven.`);
      }}
    >
      <p>Met een nieuw wachtwoord wordt {m.naam} overal uitgelogd en vervalt een eventuele inlogblokkade.</p>
      {act.error !== undefined && <FormulierFout error={act.error} velden={VELDEN} />}
      <Field
        label="Nieuw wachtwoord"
        name="wachtwoord"
        type="password"
        required
        autoComplete="new-password"
        hint="Minstens 12 tekens. Geef het persoonlijk of via een ander kanaal dan e-mail door; de medewerker kan het daarna zelf wijzigen."
        value={wachtwoord}
        error={f.wachtwoord}
        onInput={(e) => setWachtwoord(e.currentTarget.value)}
      />
      <div class="knoppen">
        <button type="submit" class="knop" disabled={act.busy}>
          Wachtwoord instellen
        </button>
        <button type="button" class="knop secundair" onClick={onCancel}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
