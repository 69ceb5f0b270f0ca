import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcNames, type RepriseBridge } from '../shared/bridge';

/**
 * The renderer gets exactly two functions. The main process checks every channel against the
 * contract and parses every input; this side only keeps the shape narrow.
 */
const channelPattern = /^[a-z][a-z-]*:[a-z][a-z-]*$/;

const bridge: RepriseBridge = {
  invoke(channel, input, operationKey) {
    if (typeof channel !== 'string' || !channelPattern.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `There is no channel named "${String(channel)}".` } });
    }
    const key = typeof operationKey === 'string' ? operationKey : undefined;
    return ipcRenderer.invoke(ipcNames.invoke, channel, input, key) as ReturnType<RepriseBridge['invoke']>;
  },
  on(event, listener) {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(ipcNames.event, wrapped);
    return () => ipcRenderer.off(ipcNames.event, wrapped);
  },
};

contextBridge.exposeInMainWorld('reprise', bridge);
