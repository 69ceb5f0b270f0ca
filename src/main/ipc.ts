import { ipcMain, type BrowserWindow } from 'electron';
import type { Workspace } from '../core/demo/demo-workspace';
import { ipcNames } from '../shared/bridge';
import { dispatch } from '../shared/dispatch';
import { ErrorCode, type Result } from '../shared/errors';
import { isOwnUrl } from './own-url';

/**
 * One IPC handler for every contract channel: sender checked, then the shared dispatch parses and
 * runs. `answered` sees each answer on its way back (the shell shows desktop notifications from it).
 */
export function registerIpc(
  workspace: Workspace,
  rendererUrl: string,
  windows: () => BrowserWindow[],
  answered: (channel: string, result: Result<unknown>) => void = () => undefined,
): () => void {
  ipcMain.handle(ipcNames.invoke, async (event, channel: unknown, input: unknown, operationKey: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isOwnUrl(frameUrl, rendererUrl)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from Reprise itself.' } };
    }
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: ErrorCode.unknownChannel, message: 'The channel must be a name.' } };
    }
    const result = await dispatch(workspace.handlers, channel, input, undefined, { operationKey: typeof operationKey === 'string' ? operationKey : null });
    answered(channel, result);
    return result;
  });
  const unsubscribe = workspace.events.onAny((name, payload) => {
    for (const window of windows()) window.webContents.send(ipcNames.event, name, payload);
  });
  return () => {
    ipcMain.removeHandler(ipcNames.invoke);
    unsubscribe();
  };
}
