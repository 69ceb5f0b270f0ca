import type { Caller } from '../../shared/access';
import type { certificationChannels } from '../../shared/certification';
import type { DomainHandlers } from '../../shared/contract';
import type { Certificates } from './certificate';
import type { CertificationService } from './certification-service';
import type { CertificationReminders } from './reminders';
import type { ReinforcementService } from './reinforcement';

export function certificationHandlers(
  service: CertificationService,
  reinforcement: ReinforcementService,
  certificates: Certificates,
  reminders: CertificationReminders,
  /** Whether a caller may open a grant's certificate: the same rule that guards certifications:certificate. */
  mayOpen: (caller: Caller, code: string) => boolean,
  /** The people whose row a caller sees in the matrix; null: everyone (the local owner, admins). */
  matrixRows: (caller: Caller) => ReadonlySet<string> | null,
): DomainHandlers<typeof certificationChannels> {
  return {
    'certifications:list': (filter) => service.list(filter),
    'certifications:matrix': (input, { caller }) => service.matrix(input, matrixRows(caller)),
    'certifications:program': ({ focusAreaId }) => service.program(focusAreaId),
    'certifications:set-program': ({ focusAreaId, fields }) => service.setProgram(focusAreaId, fields),
    'certifications:certifiers': ({ focusAreaId }) => service.certifiersAndCalibration(focusAreaId),
    'certifications:mark-certifier': (input, { caller }) => service.markCertifier(input, caller.kind === 'person' ? caller.repId : null),
    'certifications:verify': ({ code }, { caller }) => {
      const verified = service.verify(code);
      return { ...verified, mayOpen: verified.genuine && mayOpen(caller, verified.code) };
    },
    'certifications:certificate': ({ code, language, timeZone }) => certificates.render(code, language, timeZone),
    'certifications:reminders': (filter) => reminders.due(filter),
    'certifications:claim-reminders': ({ repId, language, timeZone }) => reminders.claim(repId, language, timeZone),
    'reinforcement:cards': (filter) => reinforcement.cards(filter),
    'reinforcement:due': (filter) => reinforcement.due(filter),
    'reinforcement:settings': () => reinforcement.settings(),
    'reinforcement:set-settings': (settings) => reinforcement.setSettings(settings),
  };
}
