// Werkroute database schema (drizzle). One file per table group; see README "Folder layout".
export * from './enums';
export * from './referentie';
export * from './organisatie';
export * from './werkgevers';
export * from './meldingen';
export * from './termijnen';
export * from './taken';
export * from './audit';
export * from './uitkomsten';
export * from './wegwijzer';
export * from './outbox';
export * from './toegang';
export * from './idempotency';
export * from './cases';
