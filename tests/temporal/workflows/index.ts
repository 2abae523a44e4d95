/** Every workflow of the conformance suite; bundled once (tests/helpers/temporal.ts). */
export * from './basic';
export * from './messages';
export * from './activity-workflows';
export * from './children';
