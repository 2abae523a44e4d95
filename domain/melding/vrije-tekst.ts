// Keys under which a step's details carry free text typed by people. Free text may hold anything, personal
// data included, so it is kept apart from the facts: one audit column that the retention rule and an erasure
// blank (activities/melding.ts, db/repositories/privacy.ts).
export const VRIJE_TEKST_VELDEN = ['reden', 'toelichting', 'stand', 'notities', 'vraagAchterDeVraag', 'sluitReden'] as const;
