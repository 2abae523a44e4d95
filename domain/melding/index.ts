export * from './types';
export * from './stappen';
export * from './transities';
export * from './klokken';
export * from './validatie';
export * from './werkroute';
export * from './termijn-teksten';
