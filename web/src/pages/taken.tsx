// Task list of a regio-contact or WSP: each open step with its deadline; the link opens the melding at
// that regio's track, the same page the notification e-mails link to.
import { get, items } from '../api';
import { useAuth } from '../auth';
import { meldingApi } from '../endpoints';
import { KLOK_NAMEN, nl, regioNaam, TRAJECT_STAP_NAMEN } from '../ref';
import { Link } from '../router';
import { Countdown, ErrorBox, Loading, PageTitle, StatusBadge, useAsync, useNow } from '../ui';
import { byDeadline, rijDeadline, rijSector, rijTeLaat, rijWerkgever, type MeldingRij } from './common';

const TAAK_TEKST: Record<string, string> = {
  regio_bevestiging: 'Ontvangst bevestigen en beoordelen',
  bevestigen: 'Ontvangst bevestigen en beoordelen',
  doorsturen: 'Doorzetten naar het WSP',
  wsp_reactie: 'Contact met de werkgever opnemen',
  wsp_contact: 'Contact met de werkgever opnemen',
  statusrapport: 'Status melden aan werkgever en team',
  terugmelding: 'Terugmelden aan het team',
};

export function TakenPage() {
  const { user } = useAuth();
  const now = useNow();
  const taken = useAsync((signal) => get(meldingApi.taken, signal).then((x) => items<MeldingRij>(x, 'taken').sort(byDeadline)), []);
  const rows = taken.data ?? [];
  return (
    <>
      <PageTitle sub={user?.regioCodes?.length ? `Regio: ${user.regioCodes.map(regioNaam).join(', ')}` : undefined}>Mijn taken</PageTitle>
      <button type="button" class="knop secundair" onClick={taken.reload} disabled={taken.loading}>
        Vernieuwen
      </button>
      {taken.loading && !taken.data && <Loading label="Taken laden…" />}
      {taken.error !== undefined && <ErrorBox error={taken.error} retry={taken.reload} />}
      {taken.data && rows.length === 0 && <p>U heeft geen openstaande taken.</p>}
      <ul class="kaartlijst" aria-label="Openstaande taken">
        {rows.map((r, i) => {
          const id = r.meldingId ?? r.id;
          const regio = r.regioCode ?? r.regioCodes?.[0];
          const isLate = rijTeLaat(r, now);
          const wat = r.omschrijving ?? TAAK_TEKST[r.taak ?? r.klok?.soort ?? ''] ?? nl(TRAJECT_STAP_NAMEN, r.stap);
          return (
            <li key={`${id}-${regio}-${i}`} class={`rij ${isLate ? 'rij-te-laat' : ''}`}>
              <div class="rij-kop">
                <Link href={regio ? `/meldingen/${id}/trajecten/${regio}` : `/meldingen/${id}`}>
                  <strong>{wat}</strong>
                </Link>
                {isLate ? <StatusBadge kind="te-laat">Te laat</StatusBadge> : <StatusBadge kind="op-tijd">Op tijd</StatusBadge>}
              </div>
              <p class="klein">
                {r.nummer ? `Melding #${r.nummer} · ` : ''}
                {rijWerkgever(r)} · {r.soort === 'aanbod' ? 'aanbod' : 'vraag'} · {rijSector(r)}
                {regio ? ` · ${regioNaam(regio)}` : ''}
              </p>
              <p>
                {r.klok?.soort ? `${nl(KLOK_NAMEN, r.klok.soort)}: ` : 'Deadline: '}
                <Countdown deadline={rijDeadline(r)} />
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
