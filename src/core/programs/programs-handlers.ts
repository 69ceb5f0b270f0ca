import type { DomainHandlers } from '../../shared/contract';
import type { programsChannels } from '../../shared/programs';
import type { LibraryService } from './library-service';
import type { ProgramsService } from './programs-service';
import type { ScheduleService } from './schedule-service';

export function programsHandlers(programs: ProgramsService, schedule: ScheduleService, library: LibraryService): DomainHandlers<typeof programsChannels> {
  return {
    'programs:list': (input) => programs.list(input),
    'programs:get': ({ id }) => programs.get(id),
    'programs:create': (fields) => programs.create(fields),
    'programs:update': ({ id, patch }) => programs.update(id, patch),
    'programs:archive': ({ id }) => programs.archive(id),
    'programs:preview': ({ id, fields, weeks }) => schedule.preview(id, fields, weeks),
    'schedule:generate': ({ programId, weeks, more }) => schedule.generate(programId, weeks, more),
    'schedule:regenerate': ({ programId, from, weeks, dryRun }) => schedule.regenerate(programId, from, weeks, dryRun),
    'schedule:list': (filter) => schedule.list(filter),
    'schedule:summary': (input) => schedule.summary(input),
    'schedule:get': ({ id }) => schedule.get(id),
    'schedule:next': ({ repId }) => schedule.next(repId),
    'schedule:reschedule': ({ id, ...input }) => schedule.reschedule(id, input),
    'schedule:cancel': ({ id, reason }) => schedule.cancel(id, reason),
    'schedule:set-status': ({ id, status }) => schedule.setStatus(id, status),
    'schedule:swap': ({ id, outRepId, inRepId }) => schedule.swap(id, outRepId, inRepId),
    'availability:list': ({ repId }) => programs.listAbsences(repId),
    'availability:add': (input) => programs.addAbsence(input),
    'availability:remove': ({ id }) => programs.removeAbsence(id),
    'personas:list': (input) => library.listPersonas(input),
    'personas:save': ({ id, fields }) => library.savePersona(id, fields),
    'scenarios:list': (input) => library.listScenarios(input),
    'scenarios:save': ({ id, fields }) => library.saveScenario(id, fields),
    'scenarios:brief': ({ sessionId }) => library.brief(sessionId),
    'calendar:export': (input) => schedule.exportCalendar(input),
    'reminders:due': ({ repId }) => schedule.remindersDue(repId),
  };
}
