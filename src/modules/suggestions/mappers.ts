import type { Suggestion, SuggestionPlant, SuggestionRestrictionTarget, SuggestionTarget } from '../../analysis/suggestions.ts';

/** A ranked suggestion and the open request, if any, it would join. */
export type CoordinationSuggestionRecord = Suggestion & { existingRequestId: string | null };
export type SuggestionTargetRecord = SuggestionTarget;
export type SuggestionRestrictionTargetRecord = SuggestionRestrictionTarget;
export type SuggestedPlantRecord = SuggestionPlant;
