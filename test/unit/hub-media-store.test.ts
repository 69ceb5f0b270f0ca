import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mediaLocationOf, applyMediaChoice } from '../../src/host/commands/hub-media';
import { UsageError, type CommandContext } from '../../src/host/commands/types';
import {
  asStorageError,
  copyPartBytes,
  copyParts,
  describeLocation,
  isStorageError,
  parseMediaLocation,
  s3ClientConfig,
  storedMediaLocation,
  storeMediaLocation,
} from '../../src/core/media/take-store';
import { presignedSeconds, serveMedia } from '../../src/core/recordings/media-route';
import { hubPlan } from '../../src/host/commands/hub';
import { httpStatusFor } from '../../src/shared/errors';
import { createCore } from '../../src/core/core';
import { testCore } from '../support/core';
import { makeMedia } from '../support/media';
import { cli, closeCore, desktopCore, serveHub, stopHost } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';

/**
 * The parts of a hub's media in S3-compatible storage that need no gateway: reading the choice,
 * keeping it, refusing to strand takes, and what happens when the gateway cannot be reached
 * (a closed port on loopback: a real connection refused, not a stub).
 */
describe('where a hub keeps its media', () => {
  it('reads --media local or s3://BUCKET with its S3 flags, and says what to write otherwise', () => {
    expect(parseMediaLocation('local')).toEqual({ kind: 'local' });
    expect(parseMediaLocation('s3://team-takes', { endpoint: 'http://127.0.0.1:7152/', pathStyle: true }, {})).toEqual({
      kind: 's3',
      bucket: 'team-takes',
      endpoint: 'http://127.0.0.1:7152',
      region: 'us-east-1',
      pathStyle: true,
    });
    expect(parseMediaLocation('s3://team-takes/', {}, { AWS_REGION: 'eu-north-1' })).toMatchObject({ region: 'eu-north-1', endpoint: null, pathStyle: false });
    expect(() => parseMediaLocation('s3://Team_Takes')).toThrow(/not a bucket name/);
    expect(() => parseMediaLocation('s3://team-takes/folder')).toThrow(/`local` or `s3:\/\/BUCKET`/);
    expect(() => parseMediaLocation('/srv/media')).toThrow(/`local` or `s3:\/\/BUCKET`/);
    expect(() => parseMediaLocation('local', { pathStyle: true })).toThrow(/go with --media s3/);
    expect(() => parseMediaLocation('s3://team-takes', { endpoint: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => mediaLocationOf('s3://a', {})).toThrow(UsageError);
    expect(describeLocation(parseMediaLocation('s3://team-takes', { endpoint: 'http://127.0.0.1:7152' }))).toBe('s3://team-takes at http://127.0.0.1:7152');
  });

  it('asks the S3 client for path-style addresses and checksums only where S3 requires them', () => {
    const config = s3ClientConfig({ kind: 's3', bucket: 'b-1', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', pathStyle: true });
    expect(config).toMatchObject({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', endpoint: 'http://127.0.0.1:1' });
  });

  it('keeps the choice in the hub settings, so a later start and `recordings verify` use it', () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir });
    expect(storedMediaLocation(core.db)).toEqual({ kind: 'local' });
    const s3 = parseMediaLocation('s3://team-takes', { endpoint: 'http://127.0.0.1:9' });
    storeMediaLocation(core.db, s3);
    core.close();
    const again = createCore({ dataDir: dir });
    try {
      expect(storedMediaLocation(again.db)).toEqual(s3);
      expect(again.recordings.store?.bucket).toBe('team-takes');
      // The settings a person edits read as before, without it.
      expect(again.settings.get()).not.toHaveProperty('hubMedia');
    } finally {
      again.close();
    }
  });

  it('does not switch a hub that holds takes with a flag: it sends the person to `hub media migrate`', async () => {
    const core = testCore();
    const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: sam.id, role: 'seller' }] });
    const started = core.recordings.beginImport({ sessionId: session.id, fileName: 'take.webm', mimeType: 'audio/webm' });
    core.recordings.append({ id: started.id, seq: 0, data: fs.readFileSync(makeMedia('webm-audio', 1)).toString('base64') });
    await core.recordings.stop(started.id);
    const out: string[] = [];
    const ctx = {
      flags: { media: 's3://team-takes', 's3-endpoint': 'http://127.0.0.1:9', 's3-path-style': true },
      io: { out: (text: string) => out.push(text), err: () => undefined },
    } as unknown as CommandContext;
    await expect(applyMediaChoice(ctx, core)).rejects.toThrow(/1 take\(s\) are in local\. Move them first: reprise hub media migrate --to s3:\/\/team-takes --s3-endpoint http:\/\/127\.0\.0\.1:9 --s3-path-style/);
    expect(storedMediaLocation(core.db)).toEqual({ kind: 'local' });
  });

  it('takes --s3-presign-seconds as a whole number of seconds up to 7 days, not with --media-via-hub nor on a hub that keeps takes on its own disk', async () => {
    expect(presignedSeconds).toBe(60);
    expect(hubPlan({}).hub?.presignSeconds).toBeUndefined();
    expect(hubPlan({ 's3-presign-seconds': '300' }).hub?.presignSeconds).toBe(300);
    expect(hubPlan({ 's3-presign-seconds': '604800' }).hub?.presignSeconds).toBe(604_800);
    for (const bad of ['0', '-5', '1.5', '60s', '', 'abc', '604801', '1e3']) {
      expect(() => hubPlan({ 's3-presign-seconds': bad }), bad).toThrow(UsageError);
      expect(() => hubPlan({ 's3-presign-seconds': bad }), bad).toThrow('--s3-presign-seconds is a whole number of seconds from 1 to 604800 (7 days, the longest an S3 presigned address lives), such as 300.');
    }
    expect(() => hubPlan({ 's3-presign-seconds': '120', 'media-via-hub': true })).toThrow(/--s3-presign-seconds has no use with --media-via-hub/);
    // A hub on its own disk hands out no presigned addresses: the flag is refused before it serves.
    const dir = tempDir();
    const local = await cli(['--data-dir', dir, 'hub', '--listen', '127.0.0.1:0', '--s3-presign-seconds', '120']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--s3-presign-seconds goes with a hub whose takes are in a bucket (--media s3://BUCKET): this one keeps them on its own disk.');
    // --help names it.
    expect((await cli(['--help'])).stdout).toMatch(/--s3-presign-seconds N/);
  });

  it('says storage_unavailable (503) when the gateway refuses connections at hub start', async () => {
    const core = testCore();
    // Port 9 (discard) on loopback: nothing listens, so the connection is refused.
    const ctx = { flags: { media: 's3://team-takes', 's3-endpoint': 'http://127.0.0.1:9', 's3-path-style': true }, io: { out: () => undefined, err: () => undefined } } as unknown as CommandContext;
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    const failure = await applyMediaChoice(ctx, core).catch((error: unknown) => error);
    expect(isStorageError(failure)).toBe(true);
    expect(httpStatusFor((failure as { code: string }).code)).toBe(503);
    expect((failure as Error).message).toMatch(/^The team hub cannot reach its media storage right now \(the bucket team-takes: .+\)\. Nothing is lost; try again in a few minutes\.$/);
    expect(asStorageError(new Error('x'), 'y').code).toBe('storage_unavailable');
    // A media request for an id that is not a ready take never reaches the gateway.
    expect((await serveMedia(core.recordings, 'recording', '01a21be3-5e19-7df5-b9fd-06bc55ce994e', {}, false, { presigned: true })).status).toBe(404);
  });

  it('refuses `hub media migrate` while the hub runs on the data folder, in English or Finnish, and moves nothing', async () => {
    const dir = tempDir();
    const hub = desktopCore(dir);
    const host = await serveHub(hub);
    const migrate = ['--data-dir', dir, 'hub', 'media', 'migrate', '--to', 's3://team-takes', '--s3-endpoint', 'http://127.0.0.1:9', '--s3-path-style'];
    const en = await cli(migrate, { LANG: 'en_GB.UTF-8' });
    expect(en.code).toBe(1);
    expect(en.stderr).toBe(
      'reprise: The hub (or another Reprise program) is using this data folder. Stop the hub first, then run the move again: a take arriving during the move would be left behind. Nothing was changed.',
    );
    const fi = await cli(migrate, { LANG: 'fi_FI.UTF-8' });
    expect(fi.code).toBe(1);
    expect(fi.stderr).toMatch(/^reprise: Hubi \(tai jokin muu Reprise-ohjelma\) käyttää tätä datakansiota\. Pysäytä hubi ensin/);
    expect(storedMediaLocation(hub.db)).toEqual({ kind: 'local' });
    // Stopped, the same data folder moves (to where it is already: nothing to copy).
    await stopHost(host);
    closeCore(hub);
    const moved = await cli(['--data-dir', dir, 'hub', 'media', 'migrate', '--to', 'local', '--json'], { LANG: 'fi_FI.UTF-8' });
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ switched: true, failed: [] });
  });

  it('plans a copy past 5 GB in parts that cover the object once, within S3\'s limits on parts', () => {
    const MB = 1024 ** 2;
    const GB = 1024 ** 3;
    expect(copyParts(12 * MB, 5 * MB)).toEqual([
      { partNumber: 1, first: 0, last: 5 * MB - 1, range: `bytes=0-${5 * MB - 1}` },
      { partNumber: 2, first: 5 * MB, last: 10 * MB - 1, range: `bytes=${5 * MB}-${10 * MB - 1}` },
      { partNumber: 3, first: 10 * MB, last: 12 * MB - 1, range: `bytes=${10 * MB}-${12 * MB - 1}` },
    ]);
    expect(copyParts(10 * MB, 5 * MB).map((p) => p.range)).toEqual([`bytes=0-${5 * MB - 1}`, `bytes=${5 * MB}-${10 * MB - 1}`]);
    // Below S3's 5 MB least part, the parts are 5 MB; one byte is one part.
    expect(copyParts(11 * MB, MB).map((p) => p.last - p.first + 1)).toEqual([5 * MB, 5 * MB, MB]);
    expect(copyParts(1, MB)).toEqual([{ partNumber: 1, first: 0, last: 0, range: 'bytes=0-0' }]);
    const covers = (size: number, parts: ReturnType<typeof copyParts>) => {
      expect(parts[0]!.first).toBe(0);
      expect(parts.at(-1)!.last).toBe(size - 1);
      for (const [i, part] of parts.entries()) {
        expect(part.partNumber).toBe(i + 1);
        if (i > 0) expect(part.first).toBe(parts[i - 1]!.last + 1);
        expect(part.last - part.first + 1).toBeLessThanOrEqual(5 * GB);
      }
    };
    // A 6 GB take (past CopyObject's 5 GB) in 512 MB parts.
    const six = copyParts(6 * GB + 123);
    expect(six).toHaveLength(Math.ceil((6 * GB + 123) / copyPartBytes));
    covers(6 * GB + 123, six);
    // 5 TB (S3's largest object) would need 10,240 parts of 512 MB: the parts grow to stay within 10,000.
    const most = copyParts(5 * 1024 * GB);
    expect(most.length).toBeLessThanOrEqual(10_000);
    covers(5 * 1024 * GB, most);
    expect(() => copyParts(0)).toThrow(/0 bytes/);
    expect(() => copyParts(10_000 * 5 * GB + 1)).toThrow(/larger than S3 can hold/);
  });
});
