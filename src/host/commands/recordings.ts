import path from 'node:path';
import { formatMoment } from '../../shared/rubrics';
import type { Recording } from '../../shared/recordings';
import { parseTracks } from './tracks';
import { call } from './call';
import { droppedPairsMessage, recoverTakes } from './serve';
import { expectArgs, UsageError, type Command } from './types';

function seconds(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const problemWords = { missing: 'FILE MISSING', size_changed: 'FILE CUT OFF OR REPLACED', hash_mismatch: 'FILE DAMAGED' } as const;

function line(r: Recording): string {
  const flags = [r.mediaProblem ? problemWords[r.mediaProblem] : '', r.recovered ? 'recovered' : '', r.error ?? ''].filter(Boolean).join('; ');
  return `${r.id}  ${r.status.padEnd(10)}  ${seconds(r.durationMs).padStart(6)}  ${r.mode.padEnd(10)}  ${r.mimeType}${flags ? `  (${flags})` : ''}`;
}

function details(r: Recording & { markers?: { offsetMs: number; note: string; tag: string | null }[] }): string {
  return [
    `Recording ${r.id}`,
    `  session     ${r.sessionId}`,
    `  status      ${r.status}${r.recovered ? ' (recovered after an interruption)' : ''}`,
    `  duration    ${seconds(r.durationMs)}`,
    `  size        ${r.sizeBytes} bytes`,
    `  type        ${r.mimeType}, ${r.channels ?? '?'} audio channel(s)${r.hasVideo ? `, video ${r.videoWidth}x${r.videoHeight}` : ''}`,
    `  sha256      ${r.sha256 ?? '-'}${r.mediaCheckedAt ? ` (last verified ${r.mediaCheckedAt})` : ''}`,
    ...(r.mediaProblem ? [`  file        ${problemWords[r.mediaProblem]}: run \`reprise recordings verify ${r.id}\` for what to do`] : []),
    ...(r.channelMap ? [`  channels    left: ${r.channelMap.left.label}${r.channelMap.right ? `, right: ${r.channelMap.right.label}` : ''}`] : []),
    ...(r.consents.length ? [`  consent     ${r.consents.map((c) => `${c.name} (${c.confirmedAt}, confirmed by ${c.confirmedBy})`).join('; ')}`] : []),
    ...(r.error ? [`  note        ${r.error}`] : []),
    ...(r.markers ?? []).map((m) => `  marker      ${formatMoment(m.offsetMs)}  ${m.tag ? `[${m.tag}] ` : ''}${m.note}`),
  ].join('\n');
}

/** The CLI's view of a recording: the contract's fields plus `channels` as promised. */
export const recordingsCommands: Command[] = [
  {
    path: ['recordings', 'import'],
    usage: 'FILE [--session ID] [--focus AREA] [--json]\n       | --track seller=A.m4a --track buyer=B.m4a [--session ID] [--focus AREA] [--json]',
    summary:
      'Import a recording (e.g. a Zoom or Teams MP4/M4A, or a WebM) into a session\n(without --session, into a new unassigned session); --track: one file per\nvoice (Zoom\'s separate audio), kept as one stereo take, seller left',
    flags: { session: 'string', focus: 'string', track: 'strings' },
    async run(ctx) {
      const tracks = parseTracks(ctx.lists.track);
      if (tracks) expectArgs(ctx, 0, 'recordings import takes either one FILE or a --track per voice, not both.');
      const [file] = tracks ? [] : expectArgs(ctx, 1, 'recordings import takes exactly one FILE.');
      const name = tracks ? `${path.basename(tracks.seller)} + ${path.basename(tracks.buyer)}` : path.basename(file!);
      const core = ctx.core();
      let sessionId = ctx.flags.session as string | undefined;
      if (!sessionId) {
        const created = await call(core, 'sessions:create', {
          focusAreaId: (ctx.flags.focus as string | undefined) ?? 'discovery',
          title: `Imported: ${name}`,
          participants: [],
        });
        sessionId = created.id;
      } else if (ctx.flags.focus) {
        throw new UsageError('--focus only applies when no --session is given.');
      }
      await call(core, 'sessions:get', { id: sessionId });
      // Connected to a hub: the session is the hub's; the take is kept here and queued to go up.
      await core.link?.mirrorSession(sessionId);
      const recording = tracks ? await core.recordings.importTracks({ sessionId, ...tracks }) : await core.recordings.importFile({ sessionId, file: path.resolve(file!) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(recording, null, 2) : `Imported ${name}\n${details(recording)}`);
      return 0;
    },
  },
  {
    path: ['recordings', 'list'],
    usage: '[--session ID] [--json]',
    summary: 'List recordings, newest first',
    flags: { session: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const list = await call(ctx.core(), 'recordings:list', ctx.flags.session ? { sessionId: ctx.flags.session as string } : {});
      if (ctx.flags.json) ctx.io.out(JSON.stringify(list, null, 2));
      else ctx.io.out(list.length ? list.map(line).join('\n') : 'No recordings yet.');
      return 0;
    },
  },
  {
    path: ['recordings', 'show'],
    usage: 'ID [--json]',
    summary: 'Show one recording with its consents and markers',
    async run(ctx) {
      const [id] = expectArgs(ctx, 1, 'recordings show takes exactly one ID.');
      const recording = await call(ctx.core(), 'recordings:get', { id: id! });
      ctx.io.out(ctx.flags.json ? JSON.stringify(recording, null, 2) : details(recording));
      return 0;
    },
  },
  {
    path: ['recordings', 'verify'],
    usage: '[ID] [--json]',
    summary: 'Re-hash recordings against the checksum each was saved with;\nexits 1 and lists the missing or damaged ones',
    async run(ctx) {
      if (ctx.args.length > 1) throw new UsageError('recordings verify takes at most one ID.');
      const results = await call(ctx.core(), 'recordings:verify', ctx.args[0] ? { id: ctx.args[0] } : {});
      const bad = results.filter((r) => r.problem);
      // Checked on this data folder's own media (a hub's, or a desktop's takes), never through a hub.
      const withoutRow = ctx.args[0] ? [] : await ctx.core().recordings.mediaWithoutRow();
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ checked: results.length, problems: bad, mediaWithoutRecording: withoutRow }, null, 2));
      else {
        if (!results.length) ctx.io.out('No finished recordings to verify.');
        else if (!bad.length) ctx.io.out(`All ${results.length} recording(s) match their checksums.`);
        else {
          ctx.io.out(`${bad.length} of ${results.length} recording(s) have a problem:`);
          for (const r of bad) ctx.io.out(`${r.id}  ${problemWords[r.problem!]}\n  ${r.message}`);
        }
        if (withoutRow.length) {
          ctx.io.out(
            `${withoutRow.length} ${ctx.core().recordings.store ? 'take(s) in the media bucket' : 'media folder(s)'} have no recording in the database (taken after the backup it was restored from?); ` +
              'desktops that sent them send them again at their next sync:',
          );
          for (const id of withoutRow) ctx.io.out(`  ${id}`);
        }
      }
      return bad.length || withoutRow.length ? 1 : 0;
    },
  },
  {
    path: ['recordings', 'recover'],
    usage: '[--json]',
    summary: 'Finalize takes left unfinished by a crash, a kill or a power cut',
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      const { recovered, droppedPairs } = await recoverTakes(core, () => call(core, 'recordings:recover', {}));
      if (ctx.flags.json) ctx.io.out(JSON.stringify(recovered, null, 2));
      else if (!recovered.length && !droppedPairs) ctx.io.out('Nothing to recover: every take was finished.');
      else {
        for (const r of recovered) {
          ctx.io.out(r.status === 'ready' ? `Recovered ${r.id}: ${seconds(r.durationMs)} kept.` : `Could not recover ${r.id}: ${r.error}`);
        }
        if (droppedPairs) ctx.io.out(droppedPairsMessage(droppedPairs, ctx.env));
      }
      return recovered.some((r) => r.status !== 'ready') ? 1 : 0;
    },
  },
];
