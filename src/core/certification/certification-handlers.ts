import type { certificationChannels } from '../../shared/certification';
import type { DomainHandlers } from '../../shared/contract';
import type { CertificationService } from './certification-service';
import type { ReinforcementService } from './reinforcement';

export function certificationHandlers(service: CertificationService, reinforcement: ReinforcementService): DomainHandlers<typeof certificationChannels> {
  return {
    'certifications:list': (filter) => service.list(filter),
    'certifications:program': ({ focusAreaId }) => service.program(focusAreaId),
    'certifications:set-program': ({ focusAreaId, fields }) => service.setProgram(focusAreaId, fields),
    'certifications:certifiers': ({ focusAreaId }) => service.certifiers(focusAreaId),
    'certifications:mark-certifier': (input, { caller }) => service.markCertifier(input, caller.kind === 'person' ? caller.repId : null),
    'certifications:verify': ({ code }) => service.verify(code),
    'reinforcement:cards': (filter) => reinforcement.cards(filter),
    'reinforcement:due': (filter) => reinforcement.due(filter),
    'reinforcement:settings': () => reinforcement.settings(),
    'reinforcement:set-settings': (settings) => reinforcement.setSettings(settings),
  };
}
