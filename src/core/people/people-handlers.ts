import type { Database } from 'better-sqlite3';
import type { DomainHandlers } from '../../shared/contract';
import type { peopleChannels } from '../../shared/people';
import type { PeopleService } from './people-service';
import { importRoster } from './roster-import';

export function peopleHandlers(db: Database, people: PeopleService): DomainHandlers<typeof peopleChannels> {
  return {
    'people:list': (filter) => people.list(filter),
    'people:get': ({ id }) => people.get(id),
    'people:page': (input) => people.page(input),
    'people:create': (fields) => people.create(fields),
    'people:update': ({ id, patch }) => people.update(id, patch),
    'people:archive': ({ id }) => people.archive(id),
    'people:unarchive': ({ id }) => people.unarchive(id),
    'people:import': async ({ csv, encoding }) => ({ ...(await importRoster(db, people, csv)), ...(encoding ? { encoding } : {}) }),
  };
}
