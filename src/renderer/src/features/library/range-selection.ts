/** A stretch of the take picked on the waveform (by dragging, or with I and O), in ms. */
export interface RangeSelection {
  startMs: number;
  endMs: number;
}

/**
 * I at the playhead: the range starts here. An out-point after it stays; otherwise the range runs
 * to the end of the take, as an in-point without an out-point does in a video editor.
 */
export function withInPoint(selection: RangeSelection | null, atMs: number, durationMs: number): RangeSelection | null {
  const startMs = Math.max(0, Math.round(atMs));
  const endMs = selection && selection.endMs > startMs ? selection.endMs : Math.round(durationMs);
  return endMs > startMs ? { startMs, endMs } : null;
}

/** O at the playhead: the range ends here, from an earlier in-point or else from the start. */
export function withOutPoint(selection: RangeSelection | null, atMs: number, durationMs: number): RangeSelection | null {
  const endMs = Math.min(Math.round(durationMs), Math.round(atMs));
  const startMs = selection && selection.startMs < endMs ? selection.startMs : 0;
  return endMs > startMs ? { startMs, endMs } : null;
}
