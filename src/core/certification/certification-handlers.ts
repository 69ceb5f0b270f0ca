import type { certificationChannels } from '../../shared/certification';
import type { DomainHandlers } from '../../shared/contract';
import type { CertificationService } from './certification-service';

export function certificationHandlers(service: CertificationService): DomainHandlers<typeof certificationChannels> {
  return {
    'certifications:list': (filter) => service.list(filter),
    'certifications:program': ({ focusAreaId }) => service.program(focusAreaId),
    'certifications:set-program': ({ focusAreaId, fields }) => service.setProgram(focusAreaId, fields),
    'certifications:certifiers': ({ focusAreaId }) => service.certifiers(focusAreaId),
    'certifications:mark-certifier': (input, { caller }) => service.markCertifier(input, caller.kind === 'person' ? caller.repId : null),
    'certifications:verify': ({ code }) => service.verify(code),
  };
}
