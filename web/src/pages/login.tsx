import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { homeFor, login, useAuth } from '../auth';
import { navigate, useLocation } from '../router';
import { ErrorBox, Field, PageTitle } from '../ui';

export function LoginPage({ terug }: { terug?: string }) {
  const { setUser } = useAuth();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const back = terug ?? query.get('terug') ?? undefined;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const u = await login(email.trim(), password);
      if (!u) throw new Error('Inloggen lukte, maar uw gegevens konden niet worden opgehaald.');
      setUser(u);
      // Only same-site paths: the `terug` parameter comes from a URL anyone could craft.
      const safeBack = back && back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/inloggen') ? back : undefined;
      navigate(safeBack ?? homeFor(u), { replace: true });
    } catch (err) {
      setError(loginFout(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="smal">
      <PageTitle sub="Voor medewerkers van Team NLWerktDoor, regio’s, werkgeversservicepunten, managers en beheerders.">Inloggen</PageTitle>
      {error !== undefined && <ErrorBox error={error} />}
      <form onSubmit={onSubmit} class="formulier paneel" noValidate>
        <Field label="E-mailadres" name="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Field label="Wachtwoord" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <button type="submit" class="knop" disabled={busy}>
          {busy ? 'Bezig met inloggen…' : 'Inloggen'}
        </button>
      </form>
    </div>
  );
}

/** What a failed sign-in says: a 401 never tells which half was wrong; a 429 (a locked address, or too many
 * tries from here) has a Dutch detail saying how long to wait and who can help, shown as it is. */
function loginFout(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  if (err.status === 401) return new Error('Het e-mailadres of wachtwoord klopt niet.');
  if (err.status === 429) return new Error(err.problem.detail || 'Te veel pogingen. Probeer het later opnieuw.');
  return err;
}
