// Dutch names of the codes in cases and reports, for exports and mails (the web app has its own in web/src/ref.tsx).
export const UITKOMST_NAAM: Record<string, string> = { vervuld: 'Vervuld', deels_vervuld: 'Deels vervuld', niet_vervuld: 'Niet vervuld' };

export const OPLOSSING_NAAM: Record<string, string> = {
  collegiale_uitleen: 'Collegiale in- en uitleen',
  werk_naar_werk: 'Werk-naar-werk',
  wsp_bemiddeling: 'Bemiddeling door het WSP',
  uitzendbureau: 'Uitzendbureau',
  scholing: 'Scholing',
  anders: 'Anders',
};

export const KLOK_NAAM: Record<string, string> = {
  intake: 'Intake door het team',
  regio_bevestiging: 'Bevestiging door de regio',
  wsp_reactie: 'Reactie van het WSP',
  statusrapport: 'Statusrapport',
  terugmelding: 'Terugmelding',
};

export const naamVan = (map: Record<string, string>, code: string | null | undefined): string => (code ? (map[code] ?? code.replace(/_/g, ' ')) : '');
