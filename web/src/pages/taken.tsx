// Task list of a regio-contact or WSP (and the team's own tasks): each open step with its deadline; the
// link opens the melding at that regio's track, the same page the notification e-mails link to. Below it,
// the tracks in the user's regio's for context.
import { get, items } from '../api';
import { useAuth } from '../auth';
import { meldingApi } from '../endpoints';
import { nl, regioNaam, TRAJECT_STAP_NAMEN } from '../ref';
import { Link } from '../router';
import { Countdown, ErrorBox, formatDateTime, Loading, PageTitle, StatusBadge, toMs, useAsync, useNow } from '../ui';

interface Taak {
  id: string | number;
  meldingId: string;
  nummer: number;
  soort: string;
  rol: string;
  regioCode: string | null;
  due: string | null;
  aangemaaktOp?: string;
  voorMij?: boolean;
}

interface TrajectRij {
  meldingId: string;
  nummer: number;
  soort: string;
  werkgever: string;
  regioCode: string;
  status: string;
  stap: string;
  doorgezetOp: string;
}

const TAAK_TEKST: Record<string, string> = {
  intake: 'Intake: neem contact op met de werkgever',
  bevestigen: 'Ontvangst bevestigen en doorzetten naar het WSP',
  wsp_contact: 'Contact opnemen met de werkgever',
  wsp_reactie: 'Contact opnemen met de werkgever',
  statusrapport: 'Status melden aan werkgever en team',
  terugmelding: 'Terugmelden aan het team',
  vervolg: 'Vervolg besluiten na de terugmelding',
};

export function TakenPage() {
  const { user } = useAuth();
  const now = useNow();
  const taken = useAsync((signal) => get(meldingApi.taken, signal).then((x) => items<Taak>(x, 'taken')), []);
  const trajecten = useAsync(
    (signal) => (user?.rol === 'regio-contact' || user?.rol === 'wsp' ? get(meldingApi.trajecten + '?status=open', signal).then((x) => items<TrajectRij>(x, 'trajecten')) : Promise.resolve([])),
    [user?.rol],
  );
  const werkgever = new Map((trajecten.data ?? []).map((t) => [t.meldingId, t.werkgever]));
  const rows = [...(taken.data ?? [])].sort((a, b) => (toMs(a.due) ?? Infinity) - (toMs(b.due) ?? Infinity));
  return (
    <>
      <PageTitle sub={user?.regioCodes?.length ? `Regio: ${user.regioCodes.map(regioNaam).join(', ')}` : undefined}>Mijn taken</PageTitle>
      <div class="knoppen">
        <button type="button" class="knop secundair" onClick={() => (taken.reload(), trajecten.reload())} disabled={taken.loading}>
          Vernieuwen
        </button>
      </div>
      {taken.loading && !taken.data && <Loading label="Taken laden…" />}
      {taken.error !== undefined && <ErrorBox error={taken.error} retry={taken.reload} />}
      {taken.data && rows.length === 0 && <p>U heeft geen openstaande taken.</p>}
      <ul class="kaartlijst" aria-label="Openstaande taken">
        {rows.map((r) => {
          const d = toMs(r.due);
          const isLate = d !== undefined && d < now;
          return (
            <li key={r.id} class={`rij ${isLate ? 'rij-te-laat' : ''}`}>
              <div class="rij-kop">
                <Link href={r.regioCode ? `/meldingen/${r.meldingId}/trajecten/${r.regioCode}` : `/meldingen/${r.meldingId}`}>
                  <strong>{TAAK_TEKST[r.soort] ?? r.soort.replace(/_/g, ' ')}</strong>
                </Link>
                {d === undefined ? null : isLate ? <StatusBadge kind="te-laat">Te laat</StatusBadge> : <StatusBadge kind="op-tijd">Op tijd</StatusBadge>}
              </div>
              <p class="klein">
                Melding #{r.nummer}
                {werkgever.get(r.meldingId) ? ` · ${werkgever.get(r.meldingId)}` : ''}
                {r.regioCode ? ` · ${regioNaam(r.regioCode)}` : ''}
                {r.voorMij ? ' · aan u toegewezen' : ''}
              </p>
              <p>
                Deadline: <Countdown deadline={r.due ?? undefined} />
              </p>
            </li>
          );
        })}
      </ul>
      {(trajecten.data?.length ?? 0) > 0 && (
        <section class="paneel" aria-labelledby="trajecten-kop">
          <h2 id="trajecten-kop">Open trajecten in uw regio’s</h2>
          <ul class="kaartlijst">
            {trajecten.data!.map((t) => (
              <li key={`${t.meldingId}-${t.regioCode}`} class="rij">
                <Link href={`/meldingen/${t.meldingId}/trajecten/${t.regioCode}`}>
                  <strong>
                    #{t.nummer} {t.werkgever}
                  </strong>
                </Link>
                <p class="klein">
                  {t.soort === 'aanbod' ? 'Aanbod' : 'Vraag'} · {regioNaam(t.regioCode)} · {nl(TRAJECT_STAP_NAMEN, t.stap)} · doorgezet {formatDateTime(t.doorgezetOp)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {trajecten.error !== undefined && <ErrorBox error={trajecten.error} retry={trajecten.reload} />}
    </>
  );
}
