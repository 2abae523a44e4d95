// The employer's private follow page: the steps of their melding in plain language (never internal
// notes), confirming that the WSP contacted them, and withdrawing the melding.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { nl, regioNaam, TRAJECT_STAP_NAMEN } from '../ref';
import { ApiError } from '../api';
import { ErrorBox, formatDateTime, Loading, PageTitle, Success, TextArea, useAction, useAsync } from '../ui';
import { volgApi } from '../endpoints';
import { termijnTekst } from '../../../domain/melding/termijn-teksten';

/** GET /api/volg/{token}: the employer's view (api/schemas/volg.ts). */
export interface VolgView {
  nummer: number;
  soort: 'vraag' | 'aanbod';
  werkgever: string;
  status: string;
  stap: string;
  ontvangenOp: string;
  geslotenOp: string | null;
  regios: { regioCode: string; status: string; stap: string; wspContactGemeld: boolean }[];
  stappen: { op: string; actie: string; regioCode?: string }[];
  mogelijk: { intrekken: boolean; wspContactBevestigen: string[] };
}

const STATUS_UITLEG: Record<string, string> = {
  ontvangen: `Uw melding is ontvangen. Binnen ${termijnTekst('intake')} neemt Team NLWerktDoor contact met u op.`,
  in_behandeling: 'Uw melding is in behandeling.',
  afgesloten: 'Uw melding is afgesloten.',
  ingetrokken: 'Deze melding is ingetrokken.',
};

/** The six steps of the werkroute, as the employer experiences them. */
const WERKROUTE: { stap: string; titel: string; uitleg: string }[] = [
  { stap: 'ontvangen', titel: 'Melding ontvangen', uitleg: 'Wij hebben uw melding ontvangen.' },
  { stap: 'intake', titel: 'Gesprek met Team NLWerktDoor', uitleg: `Binnen ${termijnTekst('intake')} belt of mailt een medewerker u om uw vraag goed te begrijpen.` },
  { stap: 'regio', titel: 'Doorgezet naar de regio', uitleg: `De arbeidsmarktregio zet uw melding door naar het werkgeversservicepunt (WSP). Het WSP neemt binnen ${termijnTekst('wsp_reactie')} contact met u op.` },
  { stap: 'status', titel: 'Stand van zaken', uitleg: `Uiterlijk ${termijnTekst('statusrapport')} na het doorzetten hoort u van de regio hoe het ervoor staat.` },
  { stap: 'terugmelding', titel: 'Resultaat', uitleg: `Als er mensen geplaatst zijn, of uiterlijk na ${termijnTekst('terugmelding')}, meldt de regio het resultaat aan het team. Dat bekijkt of er nog andere oplossingen zijn.` },
  { stap: 'afsluiting', titel: 'Afronding', uitleg: 'U hoort welk vervolg er is, of dat de bemiddeling stopt.' },
];

/** Plain-language names of what happened, for the employer's history. */
const GEBEURD: Record<string, string> = {
  ontvangen: 'Melding ontvangen',
  in_behandeling_genomen: 'Team NLWerktDoor heeft uw melding opgepakt',
  intake_vastgelegd: 'Gesprek met Team NLWerktDoor afgerond',
  gerouteerd: 'Doorgezet naar de regio',
  gekoppeld: 'In contact gebracht met een andere werkgever',
  regio_bevestigd: 'De regio heeft uw melding ontvangen',
  doorgestuurd_naar_wsp: 'Doorgezet naar het werkgeversservicepunt',
  wsp_contact_gemeld: 'Het werkgeversservicepunt heeft contact met u gehad',
  status_gemeld: 'De regio heeft de stand van zaken doorgegeven',
  teruggemeld: 'De regio heeft het resultaat doorgegeven',
  vervolg_andere_regios: 'Doorgezet naar een andere regio',
  vervolg_koppelen: 'In contact gebracht met een andere werkgever',
  vervolg_verlengd: 'De zoektocht loopt langer door',
  vervolg_gestopt: 'De bemiddeling is gestopt',
  afgesloten: 'Melding afgesloten',
  ingetrokken: 'Melding ingetrokken',
  achtervang_neemt_over: 'Een collega in de regio neemt het over',
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
  // An expired link is no error on the employer's side: say what happened and where to go.
  if (view.error instanceof ApiError && view.error.status === 410)
    return (
      <>
        <PageTitle>Uw melding</PageTitle>
        <p>{view.error.message}</p>
      </>
    );
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
  const wspOpen = v.mogelijk?.wspContactBevestigen ?? [];
  const kanWsp = open && wspOpen.length > 0;
  const kanIntrekken = open && (v.mogelijk?.intrekken ?? true);
  const hier = WERKROUTE.findIndex((w) => w.stap === v.stap);

  const bevestigWsp = async () => {
    const regioCode = regio || wspOpen[0];
    const r = await wsp.run(() => post(volgApi.wspContact(token), { regioCode }));
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
      <PageTitle sub={`${v.werkgever} · meldingnummer ${v.nummer} · ${v.soort === 'aanbod' ? 'aanbod van personeel' : 'vraag naar personeel'}`}>Uw melding</PageTitle>
      {done && <Success>{done}</Success>}
      <section class="paneel">
        <h2>Waar staat uw melding?</h2>
        <p>{STATUS_UITLEG[v.status ?? ''] ?? ''}</p>
        <p class="klein">
          Ontvangen op {formatDateTime(v.ontvangenOp)}
          {v.geslotenOp ? `, afgesloten op ${formatDateTime(v.geslotenOp)}` : ''}.
        </p>
        <ol class="tijdlijn-stappen">
          {WERKROUTE.map((w, i) => {
            const status = !open || i < hier ? 'gedaan' : i === hier ? 'bezig' : 'nog_niet';
            const label = status === 'gedaan' ? 'Klaar' : status === 'bezig' ? 'Nu bezig' : 'Nog niet';
            if (!open && i > hier && v.status === 'ingetrokken') return null;
            return (
              <li key={w.stap} class={`stap stap-${status}`} aria-current={status === 'bezig' ? 'step' : undefined}>
                <span class="stap-status">{label}</span>
                <div>
                  <strong>{w.titel}</strong>
                  <p>{w.uitleg}</p>
                </div>
              </li>
            );
          })}
        </ol>
        {v.regios.length > 0 && (
          <>
            <h3>Regio’s die uw melding oppakken</h3>
            <ul>
              {v.regios.map((t) => (
                <li key={t.regioCode}>
                  {regioNaam(t.regioCode)}: {nl(TRAJECT_STAP_NAMEN, t.stap).toLowerCase()}
                  {t.wspContactGemeld ? ' — contact met het WSP gehad' : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {v.stappen.length > 0 && (
        <section class="paneel">
          <h2>Wat is er gebeurd?</h2>
          <ol class="tijdlijn" reversed>
            {[...v.stappen].reverse().map((s, i) => (
              <li key={i}>
                <time dateTime={s.op}>{formatDateTime(s.op)}</time>
                <span>
                  {GEBEURD[s.actie] ?? s.actie.replace(/_/g, ' ')}
                  {s.regioCode ? ` (${regioNaam(s.regioCode)})` : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {open && kanWsp && (
        <section class="paneel">
          <h2>Heeft het werkgeversservicepunt contact met u opgenomen?</h2>
          <p>Laat het ons weten, dan weten wij dat uw melding goed is opgepakt.</p>
          {wspOpen.length > 1 && (
            <div class="veld">
              <label for="wsp-regio">Welk werkgeversservicepunt? (regio)</label>
              <select id="wsp-regio" value={regio || wspOpen[0]} onChange={(e) => setRegio(e.currentTarget.value)}>
                {wspOpen.map((c) => (
                  <option key={c} value={c}>
                    {regioNaam(c)}
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
