// A shareable story goes on a public page, so it may carry no contact details and no names we know of.
// The regio-contact writes it anonymised; this catches the slips a reader would spot first.

const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
// Dutch phone numbers: 10 digits, with spaces, dashes or +31 in between.
const TELEFOON = /(\+|00)?\d(?:[\s-]?\d){8,}/;
const WEBADRES = /\b(?:https?:\/\/|www\.)\S+/i;

export function verhaalBezwaren(verhaal: string, bekendeNamen: readonly string[]): string[] {
  const uit: string[] = [];
  if (EMAIL.test(verhaal)) uit.push('bevat een e-mailadres; haal contactgegevens weg');
  if (TELEFOON.test(verhaal)) uit.push('bevat een telefoonnummer; haal contactgegevens weg');
  if (WEBADRES.test(verhaal)) uit.push('bevat een webadres; haal dat weg');
  const klein = verhaal.toLocaleLowerCase('nl');
  for (const naam of bekendeNamen) {
    if (klein.includes(naam.toLocaleLowerCase('nl'))) {
      uit.push('noemt de naam van de werkgever of de contactpersoon; de naam van de organisatie tonen we alleen met toestemming, los van het verhaal');
      break;
    }
  }
  return uit;
}
