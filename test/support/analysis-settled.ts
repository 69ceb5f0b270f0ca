import type { RecordingAnalysis } from '../../src/shared/analysis';
import type { testCore } from './core';

/** Resolves with a take's analysis once it is done or failed (at once when it already is). */
export function analysisSettled(core: ReturnType<typeof testCore>, id: string): Promise<RecordingAnalysis> {
  return new Promise<RecordingAnalysis>((resolve) => {
    const check = () => {
      const current = core.analysis.get(id);
      if (current.state === 'done' || current.state === 'failed') {
        off();
        resolve(current);
      }
    };
    const off = core.events.onAny((name, payload) => {
      if (name === 'analysis:changed' && (payload as { id: string }).id === id) check();
    });
    check();
  });
}
