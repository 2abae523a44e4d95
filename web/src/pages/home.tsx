import { Link } from '../router';
import { PageTitle } from '../ui';
import { termijnTekst } from '../../../domain/melding/termijn-teksten';

export function HomePage() {
  return (
    <>
      <PageTitle sub={`Werkgevers met een urgente personeelsvraag of met personeel over worden binnen ${termijnTekst('intake')} opgepakt en naar de juiste arbeidsmarktregio geleid.`}>
        NLWerktDoor: hulp bij personeel
      </PageTitle>
      <div class="kaarten">
        <section class="kaart">
          <h2>Ik zoek personeel</h2>
          <p>Meld uw personeelsvraag. Een medewerker van Team NLWerktDoor neemt binnen {termijnTekst('intake')} contact met u op.</p>
          <Link class="knop" href="/melden?soort=vraag">
            Vraag melden
          </Link>
        </section>
        <section class="kaart">
          <h2>Ik heb personeel over</h2>
          <p>Heeft u tijdelijk of blijvend te veel mensen? Meld uw aanbod, dan zoeken wij een werkgever die ze kan gebruiken.</p>
          <Link class="knop" href="/melden?soort=aanbod">
            Aanbod melden
          </Link>
        </section>
        <section class="kaart">
          <h2>Initiatieven bij u in de buurt</h2>
          <p>De wegwijzer toont regionale en sectorale initiatieven voor werkgevers.</p>
          <Link class="knop secundair" href="/wegwijzer">
            Naar de wegwijzer
          </Link>
        </section>
      </div>
      <p>
        Werkt u bij Team NLWerktDoor, een regio of een werkgeversservicepunt? <Link href="/inloggen">Log in</Link>.
      </p>
    </>
  );
}

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Pagina niet gevonden</PageTitle>
      <p>Deze pagina bestaat niet (meer). Controleer het adres of ga naar de <Link href="/">startpagina</Link>.</p>
    </>
  );
}
