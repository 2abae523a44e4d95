// Every signed-in role changes its own password here: the first beheerder's printed one, or one a
// beheerder set. The API checks the current password and the length; only the repeat is checked here.
import { useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { useAuth } from '../auth';
import { authApi } from '../endpoints';
import { Field, FormulierFout, PageTitle, Success, useAction, veldFouten } from '../ui';

const VELDEN = { huidigWachtwoord: 'Huidig wachtwoord', nieuwWachtwoord: 'Nieuw wachtwoord', herhaling: 'Herhaal het nieuwe wachtwoord' };

export function WachtwoordPage() {
  const { user } = useAuth();
  const [v, setV] = useState({ huidig: '', nieuw: '', herhaling: '' });
  const [klaar, setKlaar] = useState(false);
  const act = useAction();
  const kop = useRef<HTMLDivElement>(null);
  const f = veldFouten(act.error);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setKlaar(false);
    const r = await act.run(() =>
      v.nieuw !== v.herhaling
        ? Promise.reject(new ApiError(400, { errors: [{ path: 'herhaling', message: 'De twee nieuwe wachtwoorden zijn niet gelijk.' }] }))
        : post(authApi.wachtwoord, { huidigWachtwoord: v.huidig, nieuwWachtwoord: v.nieuw }),
    );
    if (r !== undefined) {
      setKlaar(true);
      setV({ huidig: '', nieuw: '', herhaling: '' });
    }
    // The summary or the confirmation gets focus, so keyboard and screen-reader users hear the outcome.
    requestAnimationFrame(() => kop.current?.focus());
  };

  return (
    <div class="smal">
      <PageTitle sub={user ? `Voor uw account ${user.email ?? user.naam}.` : undefined}>Wachtwoord wijzigen</PageTitle>
      <div ref={kop} tabIndex={-1}>
        {klaar && (
          <Success>
            <p>Uw wachtwoord is gewijzigd. Op andere apparaten en browsers bent u uitgelogd; hier blijft u ingelogd.</p>
          </Success>
        )}
        {act.error !== undefined && <FormulierFout error={act.error} velden={VELDEN} />}
      </div>
      <form onSubmit={onSubmit} class="formulier paneel" noValidate>
        {/* The account name helps password managers store the new password under the right account. */}
        <input type="email" name="email" autoComplete="username" value={user?.email ?? ''} readOnly hidden />
        <Field
          label="Huidig wachtwoord"
          name="huidigWachtwoord"
          type="password"
          autoComplete="current-password"
          required
          value={v.huidig}
          error={f.huidigWachtwoord}
          onInput={(e) => setV({ ...v, huidig: e.currentTarget.value })}
        />
        <Field
          label="Nieuw wachtwoord"
          name="nieuwWachtwoord"
          type="password"
          autoComplete="new-password"
          required
          hint="Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden en moeilijk te raden."
          value={v.nieuw}
          error={f.nieuwWachtwoord}
          onInput={(e) => setV({ ...v, nieuw: e.currentTarget.value })}
        />
        <Field
          label="Herhaal het nieuwe wachtwoord"
          name="herhaling"
          type="password"
          autoComplete="new-password"
          required
          value={v.herhaling}
          error={f.herhaling}
          onInput={(e) => setV({ ...v, herhaling: e.currentTarget.value })}
        />
        <p class="hint">Na het wijzigen wordt u op andere apparaten en browsers uitgelogd.</p>
        <button type="submit" class="knop" disabled={act.busy}>
          {act.busy ? 'Bezig met wijzigen…' : 'Wachtwoord wijzigen'}
        </button>
      </form>
    </div>
  );
}
