// Beheer → Onbezorgde mail: the mails the mail relay gave up on (GET /api/beheer/mail?status=failed), with
// the last SMTP error, and a button that offers one again (POST /api/beheer/mail/{id}/opnieuw). The API sends
// no bodies and no addresses: only the kind of recipient it was, the subject and the attempts.
import { useState } from 'preact/hooks';
import { get, items, post, qs } from '../api';
import { beheerApi } from '../endpoints';
import { ErrorBox, formatDateTime, Loading, Success, useAction, useAsync } from '../ui';

/** GET /api/beheer/mail */
interface MailRij {
  id: number;
  aangemaakt: string;
  status: string;
  ontvanger: 'medewerker' | 'werkgever' | 'adres' | 'geen';
  medewerkerId: number | null;
  onderwerp: string;
  pogingen: number;
  laatsteFout: string | null;
  volgendePoging: string | null;
  verzonden: string | null;
}

/** The kind of recipient as people say it; the API's codes never reach the screen. */
const ONTVANGER: Record<MailRij['ontvanger'], string> = {
  medewerker: 'Een medewerker',
  werkgever: 'Een werkgever (contactpersoon)',
  adres: 'Een los e-mailadres',
  geen: 'Onbekend (niet meer te bepalen)',
};

export function OnbezorgdeMail() {
  const list = useAsync((signal) => get(beheerApi.mail + qs({ status: 'failed' }), signal).then((x) => items<MailRij>(x, 'items')), []);
  const [flash, setFlash] = useState<string | null>(null);
  const act = useAction();
  const opnieuw = async (m: MailRij) => {
    setFlash(null);
    const r = await act.run(() => post(beheerApi.mailOpnieuw(m.id), {}));
    if (r !== undefined) {
      setFlash(`De mail „${m.onderwerp}” staat weer in de wachtrij en wordt opnieuw verstuurd.`);
      list.reload();
    }
  };
  const rows = list.data ?? [];
  return (
    <section class="paneel">
      <h2>Onbezorgde mail</h2>
      <p class="hint">Mail die na herhaald proberen niet kon worden afgeleverd. Na “Opnieuw versturen” probeert Werkroute het nog drie dagen lang.</p>
      {flash && <Success>{flash}</Success>}
      {act.error !== undefined && <ErrorBox error={act.error} />}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} retry={list.reload} />}
      {list.data && rows.length === 0 && <p>Alle mail is bezorgd.</p>}
      {rows.length > 0 && (
        <div class="tabel-wrap" role="region" aria-label="Onbezorgde mail" tabIndex={0}>
          <table class="tabel">
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Ontvanger</th>
                <th scope="col">Onderwerp</th>
                <th scope="col">Pogingen</th>
                <th scope="col">Laatste fout</th>
                <th scope="col">
                  <span class="visueel-verborgen">Acties</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td data-label="Datum">{formatDateTime(m.aangemaakt)}</td>
                  <td data-label="Ontvanger">{ONTVANGER[m.ontvanger] ?? ONTVANGER.geen}</td>
                  <th scope="row" data-label="Onderwerp">
                    {m.onderwerp}
                  </th>
                  <td data-label="Pogingen">{m.pogingen}</td>
                  <td data-label="Laatste fout" class="klein">
                    {m.laatsteFout ?? '—'}
                  </td>
                  <td>
                    <button type="button" class="knop secundair klein-knop" disabled={act.busy} onClick={() => opnieuw(m)}>
                      Opnieuw versturen <span class="visueel-verborgen">{m.onderwerp}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
