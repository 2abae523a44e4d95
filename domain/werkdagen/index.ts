export type { Datum } from './datum';
export { isWeekend, kortLabel, parseDatum, plusDagen, weekdag, WEEKDAG_AFKORTING } from './datum';
export { type AmsterdamTijd, fromAmsterdam, isoAmsterdam, offsetMinutenOp, toAmsterdam, zomertijdGrenzen } from './amsterdam-tijd';
export { type Feestdag, type FeestdagRegels, feestdagenVanJaar, isLustrumjaar, koningsdag, paaszondag } from './feestdagen';
export {
  createWerkdagKalender,
  type KalenderOpties,
  REGELS_VERSIE,
  type Sluitingsdag,
  standaardKalender,
  type WerkdagKalender,
} from './kalender';
export { binnenWerkdagen, EINDE_WERKDAG, naKalenderdagen, type Termijn, werkdagenNa, werkdagenTussen } from './termijn';
