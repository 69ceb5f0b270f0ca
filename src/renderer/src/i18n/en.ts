import { analysisEn } from '../features/analysis/messages';
import { certificatesEn } from '../features/certificates/messages';
import { coachingEn } from '../features/coaching/messages';
import { hubEn } from '../features/hub/messages';
import { ownerEn } from '../features/owner/messages';
import { demoEn } from '../features/demo/messages';
import { clipsEn } from '../features/clips/messages';
import { libraryEn } from '../features/library/messages';
import { programsEn } from '../features/programs/messages';
import { progressEn } from '../features/progress/messages';
import { certificationEn } from '../features/certification/messages';
import { recordEn } from '../features/record/messages';
import { syncEn } from '../features/sync/messages';
import { joinEn } from '../features/sync/join-messages';
import { xapiEn } from '../features/xapi/messages';

/**
 * English, the reference dictionary: its keys are the keys every language must have.
 * `{name}` is filled in by t(); a `{ one, other }` entry is chosen by `{count}`.
 */
export interface Plural {
  one: string;
  other: string;
}

/** The shell's own strings; each feature brings its own module. */
const shellEn = {
  'app.name': 'Reprise',
  'nav.label': 'Main',
  'nav.skip': 'Skip to content',

  'area.today': 'Today',
  'area.schedule': 'Schedule',
  'area.record': 'Record',
  'area.library': 'Library',
  'area.coaching': 'Coaching',
  'area.people': 'People',
  'area.progress': 'Progress',
  'area.settings': 'Settings',

  'focus.discovery': 'Discovery',
  'focus.demo': 'Demo',
  'focus.personas': 'Buyer personas',
  'focus.objectionHandling': 'Objection handling',

  'time.at': '{time}',
  'time.dayAt': '{day}, {time}',
  'time.inZone': '{time} ({zone} time)',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.dismiss': 'Dismiss',
  'common.done': 'Done',
  'common.edit': 'Edit',
  'common.loading': 'Loading…',
  'common.notSet': 'Not set',
  'common.retry': 'Try again',
  'common.save': 'Save',
  'common.saving': 'Saving…',
  'common.showMore': 'Show more',
  'common.undo': 'Undo',

  'toast.region': 'Notifications',

  'error.offline.title': 'Reprise is not reachable.',
  'error.offline.message': 'The app’s background service has stopped or restarted. Make sure Reprise is running, then try again.',
  'error.storageUnavailable.title': 'The team hub’s storage is not answering.',
  'error.storageUnavailable.message': 'The hub cannot reach where it keeps recordings right now. Nothing is lost: try again in a few minutes; takes waiting to go up are sent by themselves.',
  'error.notFound.title': 'Not found.',
  'error.internal.title': 'Something went wrong.',
  'error.internal.message': 'Try again. If it keeps happening, restart Reprise.',
  'error.generic.title': 'That did not work.',
  'error.databaseDamaged.title': 'The database is damaged.',
  'error.databaseDamaged.message': 'Reprise has stopped saving to it so nothing more is lost. Close Reprise and start it again: it checks the file and says how to restore the newest automatic backup.',

  'crash.title': 'This screen could not be shown',
  'crash.bodyPage': 'Your data is safe. Try again, or pick another area from the sidebar.',
  'crash.bodyApp': 'Your data is safe. Try again, or reload the window.',
  'crash.reload': 'Reload window',

  'notFound.title': 'There is no such page',
  'notFound.body': 'Nothing lives at “{path}”. The link may be out of date.',
  'notFound.action': 'Go to Today',

  'seniority.new_hire': 'New hire',
  'seniority.senior': 'Senior',
  'seniority.unknown': 'Unknown',
  'seniority.new_hire.long': 'New hire: still inside the new-hire period',
  'seniority.senior.long': 'Senior: past the new-hire period',
  'seniority.unknown.long': 'Unknown: no hire date yet',
  'badge.coach': 'Coach',
  'badge.archived': 'Archived',

  'rep.name': 'Name',
  'rep.email': 'Email',
  'rep.role': 'Role',
  'rep.team': 'Team',
  'rep.manager': 'Manager',
  'rep.hireDate': 'Hire date',
  'rep.coach': 'Coaches others',
  'rep.coachedBy': 'Coach',
  'rep.coachYes': 'Yes, coaches other reps',
  'rep.coachNo': 'No',
  'rep.seniorityLabel': 'Seniority',
  'rep.details': 'Details',
  'rep.detailTitle': 'Rep',
  'rep.noRoleOrTeam': 'No role or team yet',
  'rep.daysSinceHire': { one: '{count} day ago', other: '{count} days ago' },
  'rep.reports': 'Direct reports ({count})',
  'rep.moreReports': 'And {count} more.',
  'rep.archive': 'Archive',
  'rep.restore': 'Restore',
  'rep.archivedOn': 'Archived on {date}.',
  'rep.archivedHelp': 'Archived reps stay in the records but are left out of the roster and of new practice. Restore brings them back.',
  'rep.backToPeople': 'All people',
  'rep.notFound.title': 'This rep does not exist',
  'rep.notFound.body': 'They may have been removed, or the link is out of date.',

  'profile.title': 'Development profile',
  'profile.careerGoals': 'Career goals',
  'profile.motivators': 'What motivates them',
  'profile.learningPreference': 'Preferred way of learning',
  'profile.assessment': 'Assessment',
  'profile.assessmentType': 'Assessment type',
  'profile.assessmentResult': 'Assessment result',
  'profile.notes': 'Notes',
  'profile.empty': 'Not recorded yet',

  'learning.notSet': 'Not set',
  'learning.doing': 'By doing',
  'learning.watching': 'By watching others',
  'learning.reading': 'By reading',
  'learning.discussing': 'By discussing with peers',
  'learning.coaching': 'Through one-to-one coaching',

  'people.subtitle': 'Your reps, coaches and managers, and how each of them develops.',
  'people.count': { one: '{count} active person', other: '{count} active people' },
  'people.countFiltered': { one: '{shown} shown of {count} person', other: '{shown} shown of {count} people' },
  'people.add': 'Add person',
  'people.import': 'Import CSV',
  'people.search': 'Search people',
  'people.searchPlaceholder': 'Search name, email or team',
  'people.filters': 'Filter people',
  'people.filter.allTeams': 'All teams',
  'people.filter.allRoles': 'All roles',
  'people.filter.seniority': 'Seniority',
  'people.filter.anySeniority': 'Any seniority',
  'people.filter.coachesOnly': 'Coaches only',
  'people.filter.showArchived': 'Show archived',
  'people.clearFilters': 'Clear filters',
  'people.showArchivedToo': 'Show archived too',
  'people.status': 'Status',
  'people.tableCaption': 'People on the roster',
  'people.empty.title': 'Add your team to get started',
  'people.empty.body':
    'Everything in Reprise starts with the people who practise: pairings, coaching and progress. Add people one by one, or import your roster from a spreadsheet saved as CSV.',
  'people.noMatch.title': 'No one matches these filters',
  'people.noMatch.body': 'Try a shorter search, or clear the filters to see everyone.',
  'people.noActive.title': 'Everyone is archived',
  'people.noActive.body': 'Everyone on the roster is archived. Show archived people to restore someone, or add someone new.',
  'people.added': 'Added {name}',
  'people.saved': 'Saved {name}',
  'people.archived': 'Archived {name}',
  'people.restored': 'Restored {name}',

  'repForm.addTitle': 'Add person',
  'repForm.editTitle': 'Edit {name}',
  'repForm.section.basics': 'Basics',
  'repForm.profileIntro': 'What helps you coach this person well. It stays on this computer.',
  'repForm.noManager': 'No manager',
  'repForm.noCoach': 'No coach',
  'repForm.hint.coachedBy': 'Sees and reviews this person’s role-plays; not the peer coach of a session',
  'repForm.findManager': 'Find a manager',
  'repForm.findCoach': 'Find a coach',
  'repForm.hint.role': 'For example Account executive or SDR',
  'repForm.futureHire': 'The hire date {date} is after today. Is that right?',
  'repForm.futureHireConfirm': 'Yes, save with this date',
  'repForm.hint.coach': 'Can be someone’s coach, and certifies role-plays',
  'repForm.hint.assessmentType': 'For example DISC or Insights',
  'repForm.hint.assessmentResult': 'For example “High D, then I”',
  'repForm.error.nameRequired': 'Enter a name',
  'repForm.error.emailRequired': 'Enter an email address',
  'repForm.error.emailInvalid': 'Enter an email address like name@company.com',
  'repForm.error.summary': { one: 'Check the field marked below.', other: 'Check the {count} fields marked below.' },

  'import.title': 'Import reps from CSV',
  'import.intro':
    'Pick a roster saved from your spreadsheet as CSV (any of Excel’s CSV kinds, or Unicode text). Each row adds a rep, or updates the rep with the same email. Rows with a problem are skipped and listed afterwards with their line number.',
  'import.columnsTitle': 'Columns',
  'import.column.name': 'Full name (required for new reps)',
  'import.column.email': 'Work email (required; identifies the rep)',
  'import.column.role': 'Job title, e.g. Account executive',
  'import.column.team': 'Team name',
  'import.column.hire_date': 'YYYY-MM-DD or D.M.YYYY',
  'import.column.manager_email': 'The manager’s email, on the roster or in the file',
  'import.column.coach': 'yes or no: whether the person coaches others',
  'import.column.coach_email': 'The email of the person’s coach, on the roster or in the file',
  'import.rules': 'The first row must name the columns. Commas, semicolons or tabs all work, and empty rows are skipped. An empty cell keeps what is stored.',
  'import.example': 'Show an example file',
  'import.file': 'CSV file',
  'import.fileHint': 'The import starts as soon as you pick the file.',
  'import.importing': 'Importing {file}…',
  'import.another': 'Import another file',
  'import.report.title': 'Import report',
  'import.report.file': 'From {file}',
  'import.report.encoding': '(characters read as {encoding})',
  'import.report.created': 'Added',
  'import.report.updated': 'Updated',
  'import.report.unchanged': 'Unchanged',
  'import.report.rejected': 'Skipped',
  'import.report.emptyFile': 'The file had a header row but no reps.',
  'import.report.warnings': { one: 'Warning', other: 'Warnings ({count})' },
  'import.report.rejectedTitle': { one: '{count} row skipped', other: '{count} rows skipped' },
  'import.report.rejectedHelp': 'Nothing from these rows was saved. Fix them in the file and import it again; rows already imported stay as they are.',
  'import.report.line': 'Line',
  'import.report.lineN': 'Line {line}',
  'import.report.reason': 'Reason',

  'settings.subtitle': 'How Reprise looks and behaves on this computer.',
  'settings.appearance': 'Language and appearance',
  'settings.language': 'Language',
  'settings.theme': 'Theme',
  'settings.theme.system': 'System',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.themeHint': 'System follows your computer’s light or dark mode.',
  'settings.newHireDays': 'New hire for the first N days',
  'settings.newHireDays.hint': 'A rep counts as a new hire for this many days after their hire date, then as senior.',
  'settings.newHireDays.invalid': 'Enter a whole number of days from {min} to {max}',
  'settings.saved': 'Settings saved',
  'settings.about': 'About',
  'settings.aboutBody': 'Reprise keeps all its data on this computer, in the folder below.',
  'settings.version': 'Version',
  'settings.dataDir': 'Data folder',
  'settings.databasePath': 'Database',
  'settings.schemaVersion': 'Database schema',
  'settings.transport': 'Running as',
  'settings.transport.ipc': 'Desktop app',
  'settings.transport.http': 'Browser, served from this computer',

  'placeholder.goToPeople': 'Go to People',
} satisfies Record<string, string | Plural>;

/**
 * The modules the dictionary is made of. A key may live in only one of them: spread together,
 * a second definition would silently replace the first (a Library subtitle once read as the
 * persona library's).
 */
export const englishParts = { shell: shellEn, record: recordEn, coaching: coachingEn, programs: programsEn, hub: hubEn, sync: syncEn, join: joinEn, owner: ownerEn, analysis: analysisEn, library: libraryEn, progress: progressEn, certificates: certificatesEn, demo: demoEn, xapi: xapiEn, certification: certificationEn, clips: clipsEn };

/** Keys that two of the parts both define. */
type Clashes<Parts> = {
  [P in keyof Parts]: { [Q in Exclude<keyof Parts, P>]: keyof Parts[P] & keyof Parts[Q] }[Exclude<keyof Parts, P>];
}[keyof Parts];
type None<K extends never> = K;
/** Does not compile while a key is defined twice; the error names the key. */
export type MessageKeyClashes = None<Clashes<typeof englishParts>>;

export const en = { ...shellEn, ...recordEn, ...coachingEn, ...programsEn, ...hubEn, ...syncEn, ...joinEn, ...ownerEn, ...analysisEn, ...libraryEn, ...progressEn, ...certificatesEn, ...demoEn, ...xapiEn, ...certificationEn, ...clipsEn };

export type MessageKey = keyof typeof en;

/** Every language has every key, with the same shape (plain text or plural forms). */
export type Messages = { [K in MessageKey]: (typeof en)[K] extends string ? string : Plural };
