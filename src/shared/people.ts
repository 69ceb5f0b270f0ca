import { id, idFilter, maxLength, z } from './validation';

import { textEncoding } from './text-file';
/** Calendar date without a time zone, as people write hire dates: YYYY-MM-DD. */
export const isoDate = z
  .string()
  .max(10, 'Use the form YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Not a real calendar date');

/** A date as people type it: ISO as it is, day.month.year (how Finnish calendars and spreadsheets write dates) turned into ISO; null when it is no real date. */
export function parseCalendarDate(raw: string): string | null {
  const text = raw.trim();
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : text;
  return isoDate.safeParse(iso).success ? iso : null;
}

export const email = z
  .string()
  .max(maxLength.email)
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Not a valid email address' }).max(maxLength.email));

export const seniority = z.enum(['new_hire', 'senior', 'unknown']);
export type Seniority = z.infer<typeof seniority>;

export const learningPreferences = ['doing', 'watching', 'reading', 'discussing', 'coaching'] as const;

export const profile = z.object({
  careerGoals: z.string().max(4000),
  motivators: z.string().max(4000),
  learningPreference: z.enum(learningPreferences).nullable(),
  assessmentType: z.string().max(100),
  assessmentResult: z.string().max(1000),
  notes: z.string().max(20000),
});
export type Profile = z.infer<typeof profile>;

export const rep = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  team: z.string(),
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  /** The person's coach (a coach responsible for them); not the peer coach of a session. */
  coachedById: z.string().nullable(),
  coachedByName: z.string().nullable(),
  hireDate: isoDate.nullable(),
  coach: z.boolean(),
  seniority,
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rep = z.infer<typeof rep>;

export const repDetail = rep.extend({ profile });
export type RepDetail = z.infer<typeof repDetail>;

const name = z.string().trim().min(1, 'Enter a name').max(maxLength.name);
const shortText = z.string().trim().max(200);

export const repFields = z.object({
  name,
  email,
  role: shortText.default(''),
  team: shortText.default(''),
  managerId: idFilter.nullable().default(null),
  coachedById: idFilter.nullable().default(null),
  hireDate: isoDate.nullable().default(null),
  coach: z.boolean().default(false),
  profile: profile.partial().optional(),
});
export type RepFields = z.input<typeof repFields>;

export const repPatch = z.object({
  name: name.optional(),
  email: email.optional(),
  role: shortText.optional(),
  team: shortText.optional(),
  managerId: idFilter.nullable().optional(),
  coachedById: idFilter.nullable().optional(),
  hireDate: isoDate.nullable().optional(),
  coach: z.boolean().optional(),
  profile: profile.partial().optional(),
});
export type RepPatch = z.input<typeof repPatch>;

export const repFilter = z
  .object({
    query: z.string().trim().max(200).optional(),
    team: z.string().max(maxLength.name).optional(),
    role: z.string().max(maxLength.name).optional(),
    seniority: seniority.optional(),
    coachesOnly: z.boolean().optional(),
    includeArchived: z.boolean().optional(),
    /** Only the people who report to this person directly (a person page's reports). */
    managerId: idFilter.optional(),
    /** Only the people this person leads: their manager tree, whom the roster names them coach of, the people of programs they coach. */
    ledBy: idFilter.optional(),
  })
  .default({});
export type RepFilter = z.input<typeof repFilter>;

/** Where the previous page ended: the roster is ordered by name, then email (which is unique). */
export const peopleCursor = z.object({ name: z.string().max(maxLength.name), email: z.string().max(maxLength.email) });
export type PeopleCursor = z.infer<typeof peopleCursor>;

export const peoplePageInput = z
  .object({
    filter: repFilter,
    after: peopleCursor.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ filter: {}, after: null, limit: 100 });
export type PeoplePageInput = z.input<typeof peoplePageInput>;

/** One page of the roster, with the counts and filter choices the People screen shows. */
export const peoplePage = z.object({
  items: z.array(rep),
  /** Where the next page starts; null on the last page. */
  next: peopleCursor.nullable(),
  /** People matching the filter. */
  matching: z.number().int(),
  /** Everyone on the roster, archived included, and the active ones. */
  everyone: z.number().int(),
  active: z.number().int(),
  teams: z.array(z.string()),
  roles: z.array(z.string()),
});
export type PeoplePage = z.infer<typeof peoplePage>;

export const importReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), email: z.string().nullable(), reason: z.string() })),
  warnings: z.array(z.string()),
  /** How the file's bytes were read, as the door that read them said. */
  encoding: textEncoding.optional(),
});
export type ImportReport = z.infer<typeof importReport>;

const byId = z.object({ id });

export const peopleChannels = {
  'people:list': { input: repFilter, output: z.array(rep) },
  'people:get': { input: byId, output: repDetail },
  /** The roster a page at a time, for a screen that shows it: a list of 20,000 people is 8 MB of JSON. */
  'people:page': { input: peoplePageInput, output: peoplePage },
  'people:create': { input: repFields, output: repDetail },
  'people:update': { input: byId.extend({ patch: repPatch }), output: repDetail },
  'people:archive': { input: byId, output: repDetail },
  'people:unarchive': { input: byId, output: repDetail },
  'people:import': {
    input: z.object({ csv: z.string().max(20_000_000, 'The file is larger than 20 MB'), encoding: textEncoding.optional() }),
    output: importReport,
  },
} as const;

export const peopleEvents = {
  'people:changed': z.object({ ids: z.array(z.string()) }),
} as const;
