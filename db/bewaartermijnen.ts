// How long a closed melding keeps its personal data and free texts (AVG); applied by db/repositories/privacy.ts.
// No imports, so config.ts can read it without loading the database layer.

/** `ingetrokken`, or the best uitkomst of the melding's terugmeldingen. */
export const UITKOMSTEN = ['ingetrokken', 'vervuld', 'deels_vervuld', 'niet_vervuld'] as const;
export type Uitkomst = (typeof UITKOMSTEN)[number];

/** Months after closing, by outcome. */
export interface Bewaartermijnen {
  standaardMaanden: number;
  perUitkomst: Partial<Record<Uitkomst, number>>;
}

export const STANDAARD_BEWAARTERMIJNEN: Bewaartermijnen = { standaardMaanden: 12, perUitkomst: {} };
