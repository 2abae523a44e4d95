// Reference data (35 arbeidsmarktregio's, SBI 2025 sections, as the API classifies new meldingen) baked in at build time from data/*.csv.
declare const __REFERENTIE__: { regios: { code: string; naam: string }[]; sectoren: { letter: string; naam: string }[] };

export const REGIOS = __REFERENTIE__.regios;
export const SECTOREN = __REFERENTIE__.sectoren;

const regioNaamByCode = new Map(REGIOS.map((r) => [r.code, r.naam]));
const sectorNaamByLetter = new Map(SECTOREN.map((s) => [s.letter, s.naam]));

export const regioNaam = (code: string | null | undefined) => (code ? (regioNaamByCode.get(code) ?? code) : 'Landelijk');
export const sectorNaam = (letter: string | null | undefined) => (letter ? (sectorNaamByLetter.get(letter) ?? letter) : 'Alle sectoren');

export const ROL_NAMEN: Record<string, string> = {
  team: 'Team NLWerktDoor',
  'regio-contact': 'Regio-contactpersoon',
  wsp: 'WSP-medewerker',
  manager: 'Manager',
  beheerder: 'Beheerder',
};

export const KLOK_NAMEN: Record<string, string> = {
  intake: 'Intake door het team',
  regio_bevestiging: 'Bevestiging door de regio',
  wsp_reactie: 'Reactie van het WSP',
  statusrapport: 'Statusrapport',
  terugmelding: 'Terugmelding',
};

export const FASE_NAMEN: Record<string, string> = {
  intake: 'Wacht op intake',
  beoordeling: 'In behandeling bij het team',
  trajecten: 'Bij de regio',
  vervolg: 'Vervolg nodig',
  afgesloten: 'Afgesloten',
  ingetrokken: 'Ingetrokken',
};

export const STATUS_NAMEN: Record<string, string> = {
  ontvangen: 'Ontvangen',
  in_behandeling: 'In behandeling',
  afgesloten: 'Afgesloten',
  ingetrokken: 'Ingetrokken',
};

export const TRAJECT_STAP_NAMEN: Record<string, string> = {
  doorgezet: 'Doorgezet naar de regio',
  beoordeling: 'Beoordeeld door de regio',
  bij_wsp: 'Bij het WSP',
  status_gemeld: 'Status gemeld',
  teruggemeld: 'Teruggemeld',
};

export const UITKOMST_NAMEN: Record<string, string> = {
  vervuld: 'Vervuld',
  deels_vervuld: 'Deels vervuld',
  niet_vervuld: 'Niet vervuld',
};

export const OPLOSSING_NAMEN: Record<string, string> = {
  collegiale_uitleen: 'Collegiale in- en uitleen',
  werk_naar_werk: 'Werk-naar-werk',
  wsp_bemiddeling: 'Bemiddeling door het WSP',
  uitzendbureau: 'Uitzendbureau',
  scholing: 'Scholing',
  anders: 'Anders',
};

export const CC_NAMEN: Record<string, string> = {
  wsp_managers: 'Managers van het WSP',
  vno_ncw_mkb: 'Regiovertegenwoordiger VNO-NCW/MKB-Nederland',
  pow_regisseur: 'Regio-regisseur Perspectief op Werk',
};

export const nl = (map: Record<string, string>, key: string | null | undefined) => (key ? (map[key] ?? key.replace(/_/g, ' ')) : '—');
