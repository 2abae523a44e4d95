// The live state of a melding as the API returns it (workflow query + stored data), and the pieces that
// show it: clocks with deadline and explanation, each regio's track, the timeline.
import type { Klok, MeldingState, TijdlijnItem, Traject } from '../../domain/melding/types';
import { CC_NAMEN, KLOK_NAMEN, nl, OPLOSSING_NAMEN, regioNaam, ROL_NAMEN, TRAJECT_STAP_NAMEN, UITKOMST_NAMEN } from './ref';
import { Countdown, formatDateTime, StatusBadge, toMs, useNow } from './ui';

export type { Klok, MeldingState, TijdlijnItem, Traject };

export interface MeldingDetail {
  id: string;
  nummer?: number;
  soort: 'vraag' | 'aanbod';
  status?: string;
  fase?: string;
  sector?: string | null;
  sectorLetter?: string | null;
  werkgever?: { naam?: string; kvkNummer?: string; vestigingen?: { postcode: string; huisnummer?: string; plaats?: string; regioCode?: string }[] };
  contactpersoon?: { naam?: string; email?: string; telefoon?: string | null };
  functies?: { omschrijving: string; aantal: number }[];
  periodeVan?: string | null;
  periodeTot?: string | null;
  toelichting?: string | null;
  ontvangenOp?: number | string;
  /** Allowed actions right now for the signed-in user, when the API tells. */
  acties?: string[];
  /** The workflow's live view; null while the workflow service is briefly unreachable. */
  live?: MeldingState | null;
  /** Why `live` is missing or older (the workflow did not answer in time), for the user. */
  liveMelding?: string | null;
  /** Names of staff by id, when the API resolves them for the timeline. */
  medewerkers?: Record<string, string>;
}

export function liveState(d: MeldingDetail): MeldingState | undefined {
  return d.live ?? undefined;
}

export type KlokView = 'open' | 'op_tijd' | 'te_laat' | 'gestopt';

export function klokView(k: Klok & { weergave?: KlokView }, now: number): KlokView {
  if (k.weergave) return k.weergave;
  const deadline = toMs(k.deadline ?? k.deadlineIso)!;
  if (k.status === 'lopend') return now > deadline ? 'te_laat' : 'open';
  if (k.status === 'gestopt') return (toMs(k.gestoptOp) ?? 0) <= deadline && !k.overschrijding ? 'op_tijd' : 'te_laat';
  return 'gestopt';
}

export const KLOK_VIEW_TEKST: Record<KlokView, string> = { open: 'Loopt', op_tijd: 'Op tijd', te_laat: 'Te laat', gestopt: 'Vervallen' };

export function KlokBadge({ view }: { view: KlokView }) {
  const kind = view === 'te_laat' ? 'te-laat' : view === 'op_tijd' ? 'op-tijd' : view === 'open' ? 'open' : 'neutraal';
  return <StatusBadge kind={kind}>{KLOK_VIEW_TEKST[view]}</StatusBadge>;
}

export function Klokken({ klokken, regio }: { klokken: Klok[]; regio?: string }) {
  const now = useNow();
  const list = regio ? klokken.filter((k) => k.regioCode === regio) : klokken;
  if (!list.length) return <p class="klein">Geen termijnen.</p>;
  return (
    <ul class="klokken">
      {list.map((k) => {
        const view = klokView(k, now);
        return (
          <li key={k.id} class={`klok klok-${view}`}>
            <div class="klok-kop">
              <strong>{nl(KLOK_NAMEN, k.soort)}</strong>
              {k.regioCode && !regio && <span class="klein"> · {regioNaam(k.regioCode)}</span>}
              <KlokBadge view={view} />
            </div>
            <p>
              Deadline: <Countdown deadline={k.deadline ?? k.deadlineIso} stopped={k.status !== 'lopend'} />
            </p>
            {k.uitleg && <p class="uitleg">{k.uitleg}</p>}
            {k.stappen?.length > 0 && (
              <details>
                <summary>Hoe is deze deadline berekend?</summary>
                <ol class="klein">
                  {k.stappen.map((s, i) => (
                    <li key={i}>{s}</li>
                  ))}
                </ol>
                <p class="klein">Werkdagenkalender {k.kalenderVersie}</p>
              </details>
            )}
            {k.overschrijding?.teLaatWerkdagen !== undefined && (
              <p class="klein">
                {k.overschrijding.teLaatWerkdagen} werkdag(en) te laat afgerond{k.escalaties ? `, ${k.escalaties} escalatie(s) verstuurd` : ''}.
              </p>
            )}
            {k.status === 'gestopt' && k.gestoptOp && <p class="klein">Afgerond op {formatDateTime(k.gestoptOp)}.</p>}
            {k.verlengingReden && <p class="klein">Verlengd: {k.verlengingReden}</p>}
          </li>
        );
      })}
    </ul>
  );
}

const TRAJECT_VOLGORDE = ['doorgezet', 'beoordeling', 'bij_wsp', 'status_gemeld', 'teruggemeld'];

export function TrajectStappen({ t }: { t: Traject }) {
  const at = TRAJECT_VOLGORDE.indexOf(t.stap);
  return (
    <ol class="trajectstappen" aria-label={`Stappen in ${regioNaam(t.regioCode)}`}>
      {TRAJECT_VOLGORDE.map((s, i) => {
        // `stap` is the last step reached: it and those before it are done, the next one is under way.
        const state = i <= at ? 'gedaan' : i === at + 1 && t.status === 'open' ? 'bezig' : 'nog_niet';
        return (
          <li key={s} class={`stap-${state}`}>
            <span class="visueel-verborgen">{state === 'gedaan' ? 'klaar: ' : state === 'bezig' ? 'nu: ' : 'nog niet: '}</span>
            {nl(TRAJECT_STAP_NAMEN, s)}
          </li>
        );
      })}
    </ol>
  );
}

export function TrajectInfo({ t, naam }: { t: Traject; naam: (id: string | null | undefined) => string }) {
  return (
    <dl class="gegevens">
      <dt>Contactpersoon</dt>
      <dd>
        {naam(t.toegewezenAan ?? t.contacten?.primairId)}
        {t.achtervangActief ? ' (achtervang neemt waar)' : ''}
      </dd>
      <dt>Doorgezet op</dt>
      <dd>{formatDateTime(t.doorgezetOp)}</dd>
      {t.toelichting && (
        <>
          <dt>Informatie voor de regio</dt>
          <dd>{t.toelichting}</dd>
        </>
      )}
      {t.cc && t.cc.length > 0 && (
        <>
          <dt>In kopie</dt>
          <dd>{t.cc.map((c) => nl(CC_NAMEN, c)).join(', ')}</dd>
        </>
      )}
      {t.uitkomst && (
        <>
          <dt>Uitkomst</dt>
          <dd>
            {nl(UITKOMST_NAMEN, t.uitkomst.resultaat)} · {t.uitkomst.aantalGeplaatst} geplaatst · {nl(OPLOSSING_NAMEN, t.uitkomst.oplossing)}
            {t.uitkomst.toelichting ? ` — ${t.uitkomst.toelichting}` : ''}
          </dd>
        </>
      )}
    </dl>
  );
}

// Timeline actions as the workflow writes them (domain/melding/werkroute.ts).
const ACTIE_NAMEN: Record<string, string> = {
  ontvangen: 'Melding ontvangen',
  in_behandeling_genomen: 'In behandeling genomen',
  intake_vastgelegd: 'Intake vastgelegd',
  gerouteerd: 'Doorgezet naar regio',
  gekoppeld: 'Gekoppeld aan andere melding',
  regio_bevestigd: 'Ontvangst bevestigd door de regio',
  doorgestuurd_naar_wsp: 'Doorgezet naar het WSP',
  wsp_contact_gemeld: 'Contact WSP met werkgever gemeld',
  status_gemeld: 'Statusrapport gegeven',
  teruggemeld: 'Terugmelding gedaan',
  vervolg_andere_regios: 'Vervolg: naar andere regio’s',
  vervolg_koppelen: 'Vervolg: koppelen',
  vervolg_verlengd: 'Vervolg: termijn verlengd',
  vervolg_gestopt: 'Vervolg: bemiddeling gestopt',
  afgesloten: 'Melding afgesloten',
  ingetrokken: 'Melding ingetrokken',
  toegewezen: 'Toegewezen',
  achtervang_neemt_over: 'Achtervang neemt over',
};

export function Tijdlijn({ items, naam }: { items: TijdlijnItem[]; naam: (id: string | null | undefined) => string }) {
  if (!items.length) return <p class="klein">Nog niets gebeurd.</p>;
  const sorted = [...items].sort((a, b) => (toMs(b.op) ?? 0) - (toMs(a.op) ?? 0));
  return (
    <ol class="tijdlijn" reversed>
      {sorted.map((it, i) => (
        <li key={i}>
          <time dateTime={new Date(toMs(it.op) ?? 0).toISOString()}>{formatDateTime(it.op)}</time>
          <div>
            <strong>{nl(ACTIE_NAMEN, it.actie)}</strong>
            {it.regioCode && <> · {regioNaam(it.regioCode)}</>}
            <span class="klein">
              {' '}
              door {actorText(it, naam)}
              {it.detail ? ` · ${it.detail}` : ''}
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}

function actorText(it: TijdlijnItem, naam: (id: string | null | undefined) => string) {
  const d = it.door;
  if (!d || d.soort === 'systeem') return 'het systeem';
  if (d.soort === 'werkgever') return 'de werkgever';
  const wie = d.medewerkerId ? naam(d.medewerkerId) : 'medewerker';
  const rol = d.rol ? ` (${ROL_NAMEN[d.rol] ?? d.rol})` : '';
  const namens = d.namensMedewerkerId ? `, namens ${naam(d.namensMedewerkerId)}` : '';
  return `${wie}${rol}${namens}`;
}
