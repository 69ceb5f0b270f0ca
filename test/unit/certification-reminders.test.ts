import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { dispatch } from '../../src/shared/dispatch';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { addDays, storeGrant } from './certification-support';
import { call } from './scorecards-support';

const granted = '2027-01-04T10:00:00.000Z';
/** Advanced holds 90 days: it expires on 4 April 2027 at 10:00 UTC. */
const expires = addDays(granted, 90);
const before = (days: number, hours = 0) => new Date(Date.parse(expires) - days * 86_400_000 - hours * 3_600_000).toISOString();

function people(core: Core) {
  const mia = core.people.create({ name: 'Mia Manager', email: 'mia@example.com' });
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com', managerId: mia.id });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  return { mia, aino, ben };
}

const claim = (core: Core, repId: string, language: 'en' | 'fi' = 'en') => call(core, 'certifications:claim-reminders', { repId, language, timeZone: 'Europe/Helsinki' });

describe('certification reminders', () => {
  it('are due from 30 days before expiry, at the nearest point, for the rep and the people above them', async () => {
    const core = testCore(before(31));
    const { mia, aino, ben } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toEqual([]);

    core.setNow(before(30));
    const [first] = await call(core, 'certifications:reminders', { repId: aino.id });
    expect(first).toMatchObject({ code: 'AINO-0000-0001', rep: { name: 'Aino' }, focusArea: { id: 'demo' }, level: 'Advanced', expiresAt: expires, daysBefore: 30, daysLeft: 30, minScore: 80, renewalOpensAt: addDays(expires, -14), renewalOpen: false });

    core.setNow(before(6, 12));
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toMatchObject([{ daysBefore: 7, daysLeft: 7, renewalOpen: true }]);
    core.setNow(before(0, 5));
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toMatchObject([{ daysBefore: 1, daysLeft: 0 }]);
    // Her manager sees it on their own Today; someone outside her tree does not.
    expect((await call(core, 'certifications:reminders', { repId: mia.id })).map((r) => r.rep.name)).toEqual(['Aino']);
    expect(await call(core, 'certifications:reminders', { repId: ben.id })).toEqual([]);
    const asBen = await dispatch(core.handlers, 'certifications:reminders', {}, { caller: core.access.callerFor(ben.id), guard: core.guard });
    expect(asBen).toEqual({ ok: true, value: [] });

    core.setNow(expires);
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toEqual([]);
  });

  it('hands each reminder point of a grant out once, across windows and restarts', async () => {
    const dataDir = tempDir();
    let now = before(31);
    const open = () => createCore({ dataDir, backups: false, clock: () => new Date(now) });
    let core = open();
    const { aino } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    expect(await claim(core, aino.id)).toEqual([]);

    now = before(30);
    const [thirty] = await claim(core, aino.id);
    expect(thirty).toMatchObject({ daysBefore: 30, title: 'Your Demo certification expires in 30 days' });
    expect(thirty!.body).toBe('Advanced, valid until 4 April 2027. From 21 March 2027, one role-play scored 80 or above by a certifier renews it.');
    expect(await claim(core, aino.id)).toEqual([]);
    core.close();

    // A restart (the desktop app opened again the next day) does not repeat it.
    now = before(29);
    core = open();
    expect(await claim(core, aino.id)).toEqual([]);

    now = before(7);
    const [seven] = await claim(core, aino.id, 'fi');
    expect(seven).toMatchObject({ daysBefore: 7, title: 'Demo-sertifikaattisi vanhenee 7 päivän kuluttua' });
    expect(seven!.body).toBe('Edistynyt, voimassa 4. huhtikuuta 2027 asti. Yksi roolipeli, jonka sertifioija pisteyttää vähintään 80, uusii sen.');
    expect(await claim(core, aino.id)).toEqual([]);
    core.close();

    now = before(0, 20);
    core = open();
    expect(await claim(core, aino.id)).toMatchObject([{ daysBefore: 1, title: 'Your Demo certification expires tomorrow' }]);
    expect(await claim(core, aino.id)).toEqual([]);
    core.close();
  });

  it('count the days left by the calendar in the reader\'s time zone: the day before is tomorrow, the day itself today', async () => {
    // 26 hours before it expires at 10:00 UTC on 4 April is still 3 April: one day left, the 1-day point.
    const core = testCore(before(1, 2));
    const { aino } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toMatchObject([{ daysBefore: 1, daysLeft: 1 }]);
    expect(await claim(core, aino.id)).toMatchObject([{ daysBefore: 1, daysLeft: 1, title: 'Your Demo certification expires tomorrow' }]);
    // Half past one at night in Helsinki is already 4 April there, though still 3 April in UTC.
    core.setNow('2027-04-03T22:30:00.000Z');
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toMatchObject([{ daysLeft: 1 }]);
    expect(await call(core, 'certifications:reminders', { repId: aino.id, timeZone: 'Europe/Helsinki' })).toMatchObject([{ daysBefore: 1, daysLeft: 0 }]);
    const fresh = testCore(before(0, 5));
    const other = people(fresh);
    storeGrant(fresh, { repId: other.aino.id, grantedAt: granted, code: 'AINO-0000-0002' });
    expect(await claim(fresh, other.aino.id, 'fi')).toMatchObject([{ daysBefore: 1, daysLeft: 0, title: 'Demo-sertifikaattisi vanhenee tänään' }]);
  });

  it('after weeks away tells once, about the nearest point, and never about the one passed meanwhile', async () => {
    const core = testCore(before(5));
    const { aino } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    expect(await claim(core, aino.id)).toMatchObject([{ daysBefore: 7, daysLeft: 5 }]);
    core.setNow(before(2));
    expect(await claim(core, aino.id)).toEqual([]);
    core.setNow(before(1));
    expect(await claim(core, aino.id)).toMatchObject([{ daysBefore: 1 }]);
  });

  it('stop once the grant is renewed, and the renewal reminds in its own time', async () => {
    const core = testCore(before(10));
    const { aino } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    expect(await claim(core, aino.id)).toMatchObject([{ code: 'AINO-0000-0001', daysBefore: 30 }]);
    const renewedAt = before(9);
    storeGrant(core, { repId: aino.id, kind: 'renewal', grantedAt: renewedAt, code: 'AINO-0000-0002' });
    core.setNow(before(7));
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toEqual([]);
    expect(await claim(core, aino.id)).toEqual([]);
    core.setNow(addDays(renewedAt, 60));
    expect(await claim(core, aino.id)).toMatchObject([{ code: 'AINO-0000-0002', daysBefore: 30 }]);
  });

  it('puts all-day entries for each reminder point and the expiry in the rep\'s calendar, moved (not duplicated) by a renewal', async () => {
    const core = testCore(addDays(granted, 1));
    const { aino } = people(core);
    storeGrant(core, { repId: aino.id, grantedAt: granted, code: 'AINO-0000-0001' });
    // A level that does not expire has no reminders.
    storeGrant(core, { repId: aino.id, focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', grantedAt: granted, validDays: null, code: 'AINO-0000-0009' });
    const entries = async (language: 'en' | 'fi' = 'en') => {
      const { ics, events } = await call(core, 'calendar:export', { repId: aino.id, language });
      const vevents = ics.split('BEGIN:VEVENT').slice(1).map((block) => block.replace(/\r\n /g, ''));
      const field = (block: string, name: string) => block.match(new RegExp(`\\r\\n${name}[:;]([^\\r]*)`))?.[1] ?? null;
      return { events, list: vevents.map((b) => ({ uid: field(b, 'UID'), start: field(b, 'DTSTART'), end: field(b, 'DTEND'), sequence: field(b, 'SEQUENCE'), summary: field(b, 'SUMMARY') })) };
    };
    const first = await entries();
    expect(first.events).toBe(4);
    expect(first.list).toEqual([
      { uid: `certification-${aino.id}-demo-30d@reprise.app`, start: 'VALUE=DATE:20270305', end: 'VALUE=DATE:20270306', sequence: '1', summary: 'Demo certification (Advanced) expires in 30 days' },
      { uid: `certification-${aino.id}-demo-7d@reprise.app`, start: 'VALUE=DATE:20270328', end: 'VALUE=DATE:20270329', sequence: '1', summary: 'Demo certification (Advanced) expires in 7 days' },
      { uid: `certification-${aino.id}-demo-1d@reprise.app`, start: 'VALUE=DATE:20270403', end: 'VALUE=DATE:20270404', sequence: '1', summary: 'Demo certification (Advanced) expires in 1 day' },
      { uid: `certification-${aino.id}-demo-expiry@reprise.app`, start: 'VALUE=DATE:20270404', end: 'VALUE=DATE:20270405', sequence: '1', summary: 'Demo certification (Advanced) expires today' },
    ]);
    expect((await entries('fi')).list[0]!.summary).toBe('Demo-sertifikaatti (Edistynyt) vanhenee 30 päivän kuluttua');

    // Renewed on 25 March: the same four entries, later, with a higher sequence so calendars update them.
    core.setNow(addDays(granted, 81));
    storeGrant(core, { repId: aino.id, kind: 'renewal', grantedAt: addDays(granted, 80), code: 'AINO-0000-0002' });
    const renewed = await entries();
    expect(renewed.list.map((e) => e.uid)).toEqual(first.list.map((e) => e.uid));
    expect(renewed.list.map((e) => e.start)).toEqual(['VALUE=DATE:20270524', 'VALUE=DATE:20270616', 'VALUE=DATE:20270622', 'VALUE=DATE:20270623']);
    expect(renewed.list.every((e) => e.sequence === '2')).toBe(true);

    // Lapsed: no current grant, nothing to remind of.
    core.setNow(addDays(granted, 200));
    expect((await entries()).events).toBe(0);

    // An archived rep's calendar still exports, with no reminders and no reminder card.
    core.setNow(addDays(granted, 82));
    core.people.archive(aino.id);
    expect((await entries()).events).toBe(0);
    expect(await call(core, 'certifications:reminders', { repId: aino.id })).toEqual([]);
  });
});
