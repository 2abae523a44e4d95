// Enumerations accepted by the database. Every list here backs a CHECK constraint
// (see `inList` below), so adding a value needs a new migration (`npm run db:generate`).
// Domain code (domain/melding) may mirror these lists; the database is the last line of defence.

export const ROLLEN = ['team', 'regio-contact', 'wsp', 'manager', 'beheerder'] as const;
export type Rol = (typeof ROLLEN)[number];

export const MELDING_SOORTEN = ['vraag', 'aanbod'] as const;
export type MeldingSoort = (typeof MELDING_SOORTEN)[number];

/** Lifecycle of a melding as a whole (projection of the workflow state). */
export const MELDING_STATUSSEN = ['ontvangen', 'in_behandeling', 'afgesloten', 'ingetrokken'] as const;
export type MeldingStatus = (typeof MELDING_STATUSSEN)[number];

/** Step of the werkroute (Bijlage 1, steps 1-6) a melding is in. */
export const MELDING_STAPPEN = ['ontvangen', 'intake', 'regio', 'status', 'terugmelding', 'afsluiting'] as const;
export type MeldingStap = (typeof MELDING_STAPPEN)[number];

/** Lifecycle of one regio's track (traject) of a melding. */
export const TRAJECT_STATUSSEN = ['open', 'teruggemeld', 'afgesloten', 'ingetrokken'] as const;
export type TrajectStatus = (typeof TRAJECT_STATUSSEN)[number];

/** Step within a traject: routed → acknowledged by the regio contact → forwarded to the WSP → status reported → reported back. */
export const TRAJECT_STAPPEN = ['doorgezet', 'beoordeling', 'bij_wsp', 'status_gemeld', 'teruggemeld'] as const;
export type TrajectStap = (typeof TRAJECT_STAPPEN)[number];

/** The clocks of the werkroute (docs: "Clocks (decisions)"). */
export const TERMIJN_SOORTEN = ['intake', 'regio_bevestiging', 'wsp_reactie', 'statusrapport', 'terugmelding'] as const;
export type TermijnSoort = (typeof TERMIJN_SOORTEN)[number];

export const TERMIJN_STATUSSEN = ['lopend', 'gestopt', 'vervallen'] as const;
export type TermijnStatus = (typeof TERMIJN_STATUSSEN)[number];

export const TAAK_STATUSSEN = ['open', 'gedaan', 'vervallen'] as const;
export type TaakStatus = (typeof TAAK_STATUSSEN)[number];

export const UITKOMST_RESULTATEN = ['vervuld', 'deels_vervuld', 'niet_vervuld'] as const;
export type UitkomstResultaat = (typeof UITKOMST_RESULTATEN)[number];

export const OPLOSSINGEN = [
  'collegiale_uitleen',
  'werk_naar_werk',
  'wsp_bemiddeling',
  'uitzendbureau',
  'scholing',
  'anders',
] as const;
export type Oplossing = (typeof OPLOSSINGEN)[number];

export const OUTBOX_KANALEN = ['email'] as const;
export type OutboxKanaal = (typeof OUTBOX_KANALEN)[number];

export const OUTBOX_STATUSSEN = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSSEN)[number];

/** Who performed an audited action: a medewerker, the employer (via the public form or follow link) or the system (workflow/timer). */
export const ACTOR_SOORTEN = ['medewerker', 'werkgever', 'systeem'] as const;
export type ActorSoort = (typeof ACTOR_SOORTEN)[number];

export const SBI_VERSIES = ['2008', '2025'] as const;
export type SbiVersie = (typeof SBI_VERSIES)[number];
