import type { analysisChannels } from '../../shared/analysis';
import type { DomainHandlers } from '../../shared/contract';
import type { AnalysisService } from './analysis-service';

export function analysisHandlers(analysis: AnalysisService): DomainHandlers<typeof analysisChannels> {
  return {
    'recordings:analysis': ({ id }) => analysis.get(id),
    'analysis:run': ({ id, force }) => analysis.schedule(id, force),
    'analysis:trend': ({ repId }) => analysis.trend(repId),
    'analysis:confirm-voices': ({ id, first }, { caller }) => analysis.confirmVoices(id, first, caller.kind === 'person' ? caller.repId : null),
  };
}
