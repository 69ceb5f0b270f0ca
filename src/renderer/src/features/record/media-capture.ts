import type { RecordingMode } from '../../../../shared/recordings';

export type CaptureMode = Exclude<RecordingMode, 'import'>;

export interface DeviceChoice {
  cameraId?: string;
  micId?: string;
  /** Call mode: the far side's audio (a loopback or monitor input); empty = the captured screen's audio. */
  remoteId?: string;
}

export interface Capture {
  /** What MediaRecorder records: at most one video track and one (mono or stereo) audio track. */
  stream: MediaStream;
  /** What the preview shows (camera or screen), or null for audio only. */
  preview: MediaStream | null;
  /** Audio channels being recorded: 1, or 2 in call mode (left = local, right = remote). */
  channels: 1 | 2;
  /** Peak level (0..1) of each channel since the last call; cheap enough for every animation frame. */
  levels(): number[];
  stop(): void;
}

/** The best type this browser records for the mode: WebM first, because a killed WebM take keeps its data. */
export function pickMimeType(hasVideo: boolean): string {
  const candidates = hasVideo
    ? ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4']
    : ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'];
  return candidates.find((type) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(type)) ?? candidates[0]!;
}

function audioConstraints(deviceId: string | undefined): MediaTrackConstraints {
  // Voices must stay apart and natural for talk-time analysis: no auto gain pumping the far side up.
  return { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: true, noiseSuppression: true, autoGainControl: false };
}

/**
 * Opens the devices for a mode and builds the audio graph: in call mode the local microphone
 * goes to the left channel and the far side to the right, mixed into one stereo track, because
 * MediaRecorder records one audio track and per-channel analysis then needs no speaker
 * recognition. Analysers tap the same graph that is recorded.
 */
export async function openCapture(mode: CaptureMode, devices: DeviceChoice): Promise<Capture> {
  const owned: MediaStream[] = [];
  const track = (stream: MediaStream) => {
    owned.push(stream);
    return stream;
  };
  try {
    let video: MediaStreamTrack | null = null;
    let local: MediaStream;
    let remote: MediaStream | null = null;
    if (mode === 'camera') {
      const stream = track(
        await navigator.mediaDevices.getUserMedia({
          video: devices.cameraId ? { deviceId: { exact: devices.cameraId } } : { width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: audioConstraints(devices.micId),
        }),
      );
      video = stream.getVideoTracks()[0] ?? null;
      local = new MediaStream(stream.getAudioTracks());
    } else {
      local = track(await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(devices.micId) }));
      if (mode === 'screen') {
        const screen = track(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }));
        video = screen.getVideoTracks()[0] ?? null;
      }
      if (mode === 'call') {
        if (devices.remoteId) {
          remote = track(await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(devices.remoteId) }));
        } else {
          const shared = track(await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true }));
          shared.getVideoTracks().forEach((t) => t.stop());
          if (shared.getAudioTracks().length === 0) {
            throw new CaptureError('no_remote_audio');
          }
          remote = new MediaStream(shared.getAudioTracks());
        }
      }
    }

    const context = new AudioContext({ sampleRate: 48000 });
    const destination = context.createMediaStreamDestination();
    const channels: 1 | 2 = remote ? 2 : 1;
    destination.channelCount = channels;
    const analysers: AnalyserNode[] = [];
    const analyser = () => {
      const node = context.createAnalyser();
      node.fftSize = 2048;
      analysers.push(node);
      return node;
    };
    const localSource = context.createMediaStreamSource(local);
    if (remote) {
      const merger = context.createChannelMerger(2);
      const left = context.createGain();
      left.channelCount = 1;
      left.channelCountMode = 'explicit';
      localSource.connect(left).connect(merger, 0, 0);
      const right = context.createGain();
      right.channelCount = 1;
      right.channelCountMode = 'explicit';
      context.createMediaStreamSource(remote).connect(right).connect(merger, 0, 1);
      merger.connect(destination);
      left.connect(analyser());
      right.connect(analyser());
    } else {
      const mono = context.createGain();
      mono.channelCount = 1;
      mono.channelCountMode = 'explicit';
      localSource.connect(mono);
      mono.connect(destination);
      mono.connect(analyser());
    }
    const buffer = new Float32Array(2048);
    const stream = new MediaStream([...(video ? [video] : []), ...destination.stream.getAudioTracks()]);
    return {
      stream,
      preview: video ? new MediaStream([video]) : null,
      channels,
      levels: () =>
        analysers.map((node) => {
          node.getFloatTimeDomainData(buffer);
          let peak = 0;
          for (const v of buffer) peak = Math.max(peak, Math.abs(v));
          return Math.min(1, peak);
        }),
      stop: () => {
        owned.forEach((s) => s.getTracks().forEach((t) => t.stop()));
        destination.stream.getTracks().forEach((t) => t.stop());
        void context.close();
      },
    };
  } catch (error) {
    owned.forEach((s) => s.getTracks().forEach((t) => t.stop()));
    throw error instanceof CaptureError ? error : new CaptureError(classify(error));
  }
}

export type CaptureProblem = 'permission_denied' | 'no_device' | 'device_busy' | 'no_remote_audio' | 'unsupported' | 'unknown';

export class CaptureError extends Error {
  constructor(readonly problem: CaptureProblem) {
    super(problem);
    this.name = 'CaptureError';
  }
}

function classify(error: unknown): CaptureProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission_denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_device';
  if (name === 'NotReadableError' || name === 'AbortError') return 'device_busy';
  if (typeof navigator === 'undefined' || !navigator.mediaDevices) return 'unsupported';
  return 'unknown';
}

export async function listDevices(): Promise<{ cameras: MediaDeviceInfo[]; mics: MediaDeviceInfo[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((d) => d.kind === 'videoinput'), mics: all.filter((d) => d.kind === 'audioinput') };
}
