// Texts of the werkroute e-mails. They name the melding by its number and carry no personal data beyond
// the recipient's own address; the details are behind the link (the app for staff, the private follow page
// for the employer).
import { termijnTekst, type Gegevens, type Sjabloon } from '../domain/melding';

export interface Tekst {
  onderwerp: string;
  body: string;
}

const KLOK_NAMEN: Record<string, string> = {
  intake: `intake (${termijnTekst('intake')})`,
  regio_bevestiging: `bevestiging door de regio (${termijnTekst('regio_bevestiging')})`,
  wsp_reactie: `reactie van het WSP aan de werkgever (${termijnTekst('wsp_reactie')})`,
  statusrapport: `statusrapport (uiterlijk ${termijnTekst('statusrapport')} na doorzetten)`,
  terugmelding: `terugmelding (${termijnTekst('terugmelding')} na doorzetten)`,
};

function deadline(g: Gegevens): string {
  return typeof g.deadline === 'string' ? g.deadline.replace('T', ' ').slice(0, 16) : 'onbekend';
}

/** `link`: one line for this recipient ("Openen in Werkroute: …"), placed above the greeting. */
export function renderSjabloon(sjabloon: Sjabloon, g: Gegevens, nummer: number | string, regioCode?: string, link?: string): Tekst {
  const m = `melding ${nummer}`;
  const regio = regioCode ? ` (regio ${regioCode})` : '';
  const klok = typeof g.klok === 'string' ? (KLOK_NAMEN[g.klok] ?? g.klok) : '';
  const slot = `${link ? `\n\n${link}` : ''}\n\nMet vriendelijke groet,\nTeam NLWerktDoor`;
  switch (sjabloon) {
    case 'nieuwe_melding':
      return { onderwerp: `Nieuwe ${g.soort ?? ''} ${m}`, body: `Er is een nieuwe ${m} binnengekomen. Neem haar uiterlijk ${deadline(g)} in behandeling.${slot}` };
    case 'ontvangstbevestiging':
      return { onderwerp: `Wij hebben uw ${g.soort ?? 'melding'} ontvangen (${m})`, body: `Dank voor uw melding. Een medewerker van Team NLWerktDoor neemt uiterlijk ${deadline(g)} contact met u op.${slot}` };
    case 'herinnering':
      return { onderwerp: `Herinnering: ${klok} voor ${m}${regio}`, body: `De termijn ${klok} voor ${m}${regio} verloopt ${deadline(g)}.${slot}` };
    case 'escalatie':
      return { onderwerp: `Termijn verstreken: ${klok} voor ${m}${regio}`, body: `De termijn ${klok} voor ${m}${regio} is verstreken (deadline ${deadline(g)}). Escalatie nummer ${Number(g.nummer ?? 0) + 1}.${slot}` };
    case 'achtervang_neemt_over':
      return { onderwerp: `Achtervang neemt ${m}${regio} over`, body: `De regio-contactpersoon heeft ${m}${regio} niet op tijd bevestigd. Als achtervang neemt u het over; de termijn loopt door (deadline ${deadline(g)}).${slot}` };
    case 'nieuw_traject':
      return { onderwerp: `Nieuwe melding voor uw regio: ${m}${regio}`, body: `Team NLWerktDoor heeft ${m} naar uw regio doorgezet. Bevestig uiterlijk ${deadline(g)} en stuur haar door naar het WSP.${slot}` };
    case 'doorgestuurd_wsp':
      return { onderwerp: `Verzoek om contact met werkgever: ${m}${regio}`, body: `Wilt u uiterlijk ${deadline(g)} contact opnemen met de werkgever van ${m} en een statusupdate geven?${slot}` };
    case 'wsp_cc':
      return { onderwerp: `Ter informatie: ${m}${regio} doorgestuurd naar het WSP`, body: `Ter informatie: ${m} is in uw regio doorgestuurd naar het WSP.${slot}` };
    case 'status_gemeld':
      return { onderwerp: `Stand van zaken ${m}${regio}`, body: `De regio heeft de stand van zaken van ${m} doorgegeven. U vindt die in de applicatie of via uw volglink.${slot}` };
    case 'terugmelding_ontvangen':
      return { onderwerp: `Terugmelding ${m}${regio}: ${g.resultaat ?? ''}`, body: `De regio heeft ${m} teruggemeld met resultaat: ${g.resultaat ?? ''}.${slot}` };
    case 'vervolg_nodig':
      return { onderwerp: `Vervolgbesluit nodig: ${m}${regio}`, body: `De regio meldt ${m} terug als ${g.resultaat ?? ''}. Besluit over het vervolg: andere regio's, koppelen, verlengen of stoppen.${slot}` };
    case 'vervolg_andere_regios':
      return { onderwerp: `Vervolg van ${m}`, body: `Wij zetten uw melding door naar andere regio's (${g.regios ?? ''}). U hoort van hen.${slot}` };
    case 'gekoppeld':
      return { onderwerp: `Koppeling voor ${m}`, body: `Wij hebben u in contact gebracht met een werkgever aan de andere kant (melding ${g.andereMeldingId ?? ''}). Samen kunt u bijvoorbeeld collegiale in- en uitleen of werk-naar-werk afspreken.${slot}` };
    case 'verlengd':
      return { onderwerp: `Bemiddeling ${m} verlengd`, body: `De bemiddeling voor ${m}${regio} loopt door tot ${deadline(g)}. Reden: ${g.reden ?? ''}.${slot}` };
    case 'bemiddeling_gestopt':
      return { onderwerp: `Bemiddeling ${m} gestopt`, body: `De bemiddeling voor ${m}${regio} stopt. Reden: ${g.reden ?? ''}.${slot}` };
    case 'afgesloten':
      return { onderwerp: `${m} afgesloten`, body: `Uw ${m} is afgesloten (${g.reden ?? ''}). Dank voor uw melding.${slot}` };
    case 'ingetrokken':
      return { onderwerp: `${m} ingetrokken`, body: `${m} is ingetrokken; alle lopende acties zijn gestopt.${slot}` };
    case 'toegewezen':
      return { onderwerp: `${m}${regio} is aan u toegewezen`, body: `${m}${regio} is aan u toegewezen. Lopende termijnen blijven gelden.${slot}` };
    case 'incident':
      return {
        onderwerp: `${m}: verwerking mislukt`,
        body: `Bij ${m} kon Werkroute een stap niet helemaal verwerken (${String(g.wat ?? 'een wijziging')}). De melding loopt door, maar e-mails, taken of vastleggingen van die stap wachten. Beheer kan de verwerking opnieuw starten zodra de oorzaak is verholpen.${slot}`,
      };
  }
}
