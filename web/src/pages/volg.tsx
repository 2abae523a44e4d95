// The employer's private follow page: the steps of their melding in plain language (never internal
// notes), confirming that the WSP contacted them, and withdrawing the melding.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { regioNaam } from '../ref';
import { ErrorBox, formatDate, formatDateTime, Loading, PageTitle, Success, TextArea, useAction, useAsync } from '../ui';
import { volgApi } from '../endpoints';

export interface VolgStap {
  stap?: string;
  naam?: string;
  titel?: string;
  status?: 'gedaan' | 'bezig' | 'nog_niet' | string;
  op?: number | string | null;
  datum?: number | string | null;
  uitleg?: string;
  tekst?: string;
}

export interface VolgView {
  nummer?: number;
  soort?: 'vraag' | 'aanbod';
  status?: string;
  ontvangenOp?: number | string;
  stappen?: VolgStap[];
  trajecten?: { regioCode: string; regioNaam?: string; stap?: string; status?: string; wspContactBevestigd?: boolean; wspNaam?: string }[];
  kanWspContactBevestigen?: boolean;
  kanIntrekken?: boolean;
  acties?: string[];
}

const STATUS_UITLEG: Record<string, string> = {
  ontvangen: 'Uw melding is ontvangen. Binnen één werkdag neemt Team NLWerktDoor contact met u op.',
  in_behandeling: 'Uw melding is in behandeling.',
  afgesloten: 'Uw melding is afgesloten.',
  ingetrokken: 'U heeft deze melding ingetrokken.',
};

export function VolgPage({ token }: { token: string }) {
  const view = useAsync((signal) => get<VolgView>(volgApi.view(token), signal), [token]);
  const wsp = useAction();
  const trek = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [bevestigIntrekken, setBevestigIntrekken] = useState(false);
  const [reden, setReden] = useState('');
  const [regio, setRegio] = useState<string>('');

  if (view.loading && !view.data) return <Loading label="Uw melding wordt opgehaald…" />;
  if (view.error && !view.data)
    return (
      <>
        <PageTitle>Uw melding</PageTitle>
        <ErrorBox error={view.error} retry={view.reload} />
        <p>Klopt de link niet? Gebruik de link uit de bevestigingsmail precies zoals hij is.</p>
      </>
    );
  const v = view.data!;
  const open = v.status !== 'afgesloten' && v.status !== 'ingetrokken';
  const acties = v.acties ?? [];
  const trajecten = v.trajecten ?? [];
  const wspOpen = trajecten.filter((t) => !t.wspContactBevestigd && (t.stap === 'bij_wsp' || t.stap === 'status_gemeld'));
  const kanWsp = v.kanWspContactBevestigen ?? (acties.includes('wsp-contact-bevestigen') || (open && wspOpen.length > 0));
  const kanIntrekken = v.kanIntrekken ?? (acties.length ? acties.includes('intrekken') : open);

  const bevestigWsp = async () => {
    const r = await wsp.run(() => post(volgApi.wspContact(token), regio ? { regioCode: regio } : {}));
    if (r !== undefined) {
      setDone('Dank u. Wij hebben genoteerd dat het werkgeversservicepunt contact met u heeft opgenomen.');
      view.reload();
    }
  };
  const intrekken = async () => {
    const r = await trek.run(() => post(volgApi.intrekken(token), reden.trim() ? { reden: reden.trim() } : {}));
    if (r !== undefined) {
      setDone('Uw melding is ingetrokken. U hoeft verder niets te doen.');
      setBevestigIntrekken(false);
      view.reload();
    }
  };

  return (
    <>
      <PageTitle sub={v.nummer ? `Meldingnummer ${v.nummer} · ${v.soort === 'aanbod' ? 'aanbod van personeel' : 'vraag naar personeel'}` : undefined}>Uw melding</PageTitle>
      {done && <Success>{done}</Success>}
      <section class="paneel">
        <h2>Waar staat uw melding?</h2>
        <p>{STATUS_UITLEG[v.status ?? ''] ?? ''}</p>
        {v.ontvangenOp && <p class="klein">Ontvangen op {formatDateTime(v.ontvangenOp)}.</p>}
        <ol class="tijdlijn-stappen">
          {(v.stappen ?? []).map((s, i) => {
            const status = s.status ?? 'nog_niet';
            const label = status === 'gedaan' ? 'Klaar' : status === 'bezig' ? 'Nu bezig' : 'Nog niet';
            return (
              <li key={i} class={`stap stap-${status}`}>
                <span class="stap-status">{label}</span>
                <div>
                  <strong>{s.titel ?? s.naam ?? s.stap}</strong>
                  {(s.op ?? s.datum) && <span class="klein"> · {formatDate(s.op ?? s.datum)}</span>}
                  {(s.uitleg ?? s.tekst) && <p>{s.uitleg ?? s.tekst}</p>}
                </div>
              </li>
            );
          })}
        </ol>
        {trajecten.length > 0 && (
          <>
            <h3>Regio’s die uw melding oppakken</h3>
            <ul>
              {trajecten.map((t) => (
                <li key={t.regioCode}>
                  {t.regioNaam ?? regioNaam(t.regioCode)}
                  {t.wspNaam ? ` — ${t.wspNaam}` : ''}
                  {t.wspContactBevestigd ? ' — contact bevestigd' : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {open && kanWsp && (
        <section class="paneel">
          <h2>Heeft het werkgeversservicepunt contact met u opgenomen?</h2>
          <p>Laat het ons weten, dan weten wij dat uw melding goed is opgepakt.</p>
          {wspOpen.length > 1 && (
            <div class="veld">
              <label for="wsp-regio">Welke regio?</label>
              <select id="wsp-regio" value={regio} onChange={(e) => setRegio(e.currentTarget.value)}>
                <option value="">Alle regio’s</option>
                {wspOpen.map((t) => (
                  <option key={t.regioCode} value={t.regioCode}>
                    {regioNaam(t.regioCode)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {wsp.error !== undefined && <ErrorBox error={wsp.error} />}
          <button type="button" class="knop" disabled={wsp.busy} onClick={bevestigWsp}>
            {wsp.busy ? 'Bezig…' : 'Ja, het WSP heeft contact met mij opgenomen'}
          </button>
        </section>
      )}

      {open && kanIntrekken && (
        <section class="paneel">
          <h2>Melding intrekken</h2>
          <p>Is uw vraag of aanbod niet meer actueel? Dan kunt u de melding intrekken. Dit kan niet ongedaan worden gemaakt.</p>
          {!bevestigIntrekken ? (
            <button type="button" class="knop gevaar" onClick={() => setBevestigIntrekken(true)}>
              Melding intrekken…
            </button>
          ) : (
            <div class="bevestig">
              <TextArea label="Waarom trekt u de melding in? (optioneel)" name="reden" value={reden} onInput={(e) => setReden(e.currentTarget.value)} />
              {trek.error !== undefined && <ErrorBox error={trek.error} />}
              <div class="knoppen">
                <button type="button" class="knop gevaar" disabled={trek.busy} onClick={intrekken}>
                  {trek.busy ? 'Bezig…' : 'Ja, trek mijn melding in'}
                </button>
                <button type="button" class="knop secundair" onClick={() => setBevestigIntrekken(false)}>
                  Annuleren
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}
