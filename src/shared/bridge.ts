import type { Result } from './errors';

/** What the preload script puts on `window.reprise` in Electron; nothing else is exposed. */
export interface RepriseBridge {
  /** `operationKey`: sent with a create, so the core runs one click once (see operations.ts). */
  invoke(channel: string, input: unknown, operationKey?: string): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The IPC channel names used under the bridge. */
export const ipcNames = { invoke: 'reprise:invoke', event: 'reprise:event' } as const;
