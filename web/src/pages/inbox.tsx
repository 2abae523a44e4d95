// Team inbox: meldingen awaiting intake, the nearest deadline first, each with a live countdown and a
// late/on-time mark in words (not only colour).
import { get, items } from '../api';
import { meldingApi } from '../endpoints';
import { nl, FASE_NAMEN } from '../ref';
import { Link } from '../router';
import { Countdown, ErrorBox, formatDateTime, Loading, PageTitle, StatusBadge, useAsync, useNow } from '../ui';
import { byDeadline, rijDeadline, rijSector, rijTeLaat, rijWerkgever, type MeldingRij } from './common';

export function InboxPage() {
  const now = useNow();
  const inbox = useAsync((signal) => get(meldingApi.inbox, signal).then((x) => items<MeldingRij>(x, 'meldingen').sort(byDeadline)), []);
  const rows = inbox.data ?? [];
  const late = rows.filter((r) => rijTeLaat(r, now)).length;
  return (
    <>
      <PageTitle sub="Meldingen die wachten op intake of op een besluit van het team. De eerste deadline staat bovenaan.">Inbox</PageTitle>
      <div class="knoppen">
        <button type="button" class="knop secundair" onClick={inbox.reload} disabled={inbox.loading}>
          Vernieuwen
        </button>
        <Link class="knop secundair" href="/meldingen">
          Alle meldingen
        </Link>
      </div>
      {inbox.loading && !inbox.data && <Loading label="Inbox laden…" />}
      {inbox.error !== undefined && <ErrorBox error={inbox.error} retry={inbox.reload} />}
      {inbox.data && (
        <p aria-live="polite">
          {rows.length === 0 ? 'Er wacht niets op u. Goed bezig!' : `${rows.length} ${rows.length === 1 ? 'melding' : 'meldingen'}, waarvan ${late} te laat.`}
        </p>
      )}
      <ul class="kaartlijst" aria-label="Meldingen in de inbox">
        {rows.map((r) => {
          const isLate = rijTeLaat(r, now);
          return (
            <li key={r.id} class={`rij ${isLate ? 'rij-te-laat' : ''}`}>
              <div class="rij-kop">
                <Link href={`/meldingen/${r.id}`}>
                  <strong>
                    {r.nummer ? `#${r.nummer} ` : ''}
                    {rijWerkgever(r)}
                  </strong>
                </Link>
                {isLate ? (
                  <StatusBadge kind="te-laat">Te laat</StatusBadge>
                ) : r.klok === 'bijna' ? (
                  <StatusBadge kind="bijna">Bijna te laat</StatusBadge>
                ) : rijDeadline(r) !== undefined ? (
                  <StatusBadge kind="op-tijd">Op tijd</StatusBadge>
                ) : null}
              </div>
              <p class="klein">
                {r.soort === 'aanbod' ? 'Aanbod' : 'Vraag'} · {rijSector(r)} · ontvangen {formatDateTime(r.ontvangenOp)}
                {r.fase ? ` · ${nl(FASE_NAMEN, r.fase)}` : ''}
                {r.toegewezenNaam ? ` · bij ${r.toegewezenNaam}` : ' · nog niet opgepakt'}
              </p>
              <p>
                Deadline: <Countdown deadline={rijDeadline(r)} />
              </p>
              {r.deadlineUitleg && <p class="klein">{r.deadlineUitleg}</p>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
