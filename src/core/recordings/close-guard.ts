import type { CoreEvents } from '../events';
import type { RecordingsService } from './recordings-service';

export interface CloseGuard {
  recordings: Pick<RecordingsService, 'liveTakes' | 'get' | 'stop' | 'whenFinalized'>;
  events: CoreEvents;
  /** Asks the person whether to stop the running take and close; true means close. */
  ask(): Promise<boolean>;
  /** How long the window's recorder gets to hand over its last chunks before the core stops the take itself. */
  handOverMs?: number;
}

/**
 * Decides whether a window may close while a take runs. Nothing running: close. Otherwise the
 * person is asked; if they close anyway, the window's recorder is told to stop (it sends what it
 * still holds and stops the take), and every take is finalized before the answer is "close", so
 * the take is never left for the watchdog or the next start's recovery.
 */
export async function mayClose(guard: CloseGuard): Promise<boolean> {
  if (guard.recordings.liveTakes().length === 0) return true;
  if (!(await guard.ask())) return false;
  const ids = guard.recordings.liveTakes();
  if (ids.length === 0) return true;
  const stillRecording = () => ids.filter((id) => guard.recordings.get(id).status === 'recording');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, guard.handOverMs ?? 5000);
    const unsubscribe = guard.events.onAny((name) => {
      if (name === 'recordings:changed' && stillRecording().length === 0) done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
    guard.events.emit('recordings:stop-requested', { ids });
    if (stillRecording().length === 0) done();
  });
  // A recorder that did not answer (a hung window): what reached the disk is kept and finalized.
  for (const id of stillRecording()) await guard.recordings.stop(id, 'user');
  await Promise.all(ids.map((id) => guard.recordings.whenFinalized(id)));
  return true;
}
