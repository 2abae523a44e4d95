// Custom search attributes of a melding workflow: what managers filter on, never personal data.
// Registered by ensureSearchAttributes (worker.ts) before the worker starts.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const WERKROUTE_STATUS = defineSearchAttributeKey('WerkrouteStatus', SearchAttributeType.KEYWORD);
export const WERKROUTE_STAP = defineSearchAttributeKey('WerkrouteStap', SearchAttributeType.KEYWORD);
export const WERKROUTE_REGIOS = defineSearchAttributeKey('WerkrouteRegios', SearchAttributeType.KEYWORD_LIST);
export const WERKROUTE_SOORT = defineSearchAttributeKey('WerkrouteSoort', SearchAttributeType.KEYWORD);
export const WERKROUTE_VOLGENDE_DEADLINE = defineSearchAttributeKey('WerkrouteVolgendeDeadline', SearchAttributeType.DATETIME);
export const WERKROUTE_TE_LAAT = defineSearchAttributeKey('WerkrouteTeLaat', SearchAttributeType.BOOL);

export const WERKROUTE_SEARCH_ATTRIBUTES = [
  WERKROUTE_STATUS,
  WERKROUTE_STAP,
  WERKROUTE_REGIOS,
  WERKROUTE_SOORT,
  WERKROUTE_VOLGENDE_DEADLINE,
  WERKROUTE_TE_LAAT,
] as const;
