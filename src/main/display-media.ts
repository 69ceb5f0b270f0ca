/**
 * Screen capture in the desktop app. Chromium's own picker does not exist in Electron, so a page's
 * `getDisplayMedia()` is answered here: the person picks a screen or window from a native list, and
 * system audio comes along where Electron can capture it (loopback, Windows only). Pure, so the
 * choices are tested without the binary; display-media-handler.ts wires it to Electron.
 */

export interface CaptureSource {
  id: string;
  name: string;
}

export interface PickerMessages {
  title: string;
  message: string;
  /** `{n}` is the screen's number when there is more than one. */
  screen: string;
  screenNumbered: string;
  cancel: string;
}

export const pickerMessages: Record<'en' | 'fi', PickerMessages> = {
  en: {
    title: 'Share your screen',
    message: 'Choose what to share in the recording.',
    screen: 'Entire screen',
    screenNumbered: 'Screen {n}',
    cancel: 'Cancel',
  },
  fi: {
    title: 'Jaa näyttö',
    message: 'Valitse, mitä tallenteessa jaetaan.',
    screen: 'Koko näyttö',
    screenNumbered: 'Näyttö {n}',
    cancel: 'Peruuta',
  },
};

export function messagesForLocale(locale: string): PickerMessages {
  return locale.toLowerCase().startsWith('fi') ? pickerMessages.fi : pickerMessages.en;
}

/** A native dialog fits a handful of buttons; beyond that the first screens and windows are offered. */
export const maxChoices = 8;

export interface PickerChoice<S extends CaptureSource> {
  source: S;
  label: string;
}

/** Screens first, then windows; our own window is left out (sharing it would show the recorder). */
export function pickerChoices<S extends CaptureSource>(
  screens: S[],
  windows: S[],
  messages: PickerMessages,
  ownWindowSourceIds: readonly string[] = [],
): PickerChoice<S>[] {
  const screenChoices = screens.map((source, index) => ({
    source,
    label: screens.length === 1 ? messages.screen : messages.screenNumbered.replace('{n}', String(index + 1)),
  }));
  const windowChoices = windows
    .filter((w) => !ownWindowSourceIds.includes(w.id) && w.name.trim() !== '')
    .map((source) => ({ source, label: source.name.length > 60 ? `${source.name.slice(0, 59)}…` : source.name }));
  return [...screenChoices, ...windowChoices].slice(0, maxChoices);
}

export interface DisplayMediaRequest {
  /** The requesting page is one of ours. */
  ownPage: boolean;
  audioRequested: boolean;
  platform: NodeJS.Platform;
}

/** Ask the person only when one of our pages asks; anything else is refused without a dialog. */
export function shouldOfferPicker(request: DisplayMediaRequest): boolean {
  return request.ownPage;
}

export interface DisplayMediaAnswer<S> {
  video: S;
  audio?: 'loopback';
}

/**
 * The streams for the chosen source, or null (refused) when nothing was chosen. System audio is
 * added only when the page asked for it and the platform can loop it back: call mode's far side then
 * records; elsewhere the page gets video only and tells the person to use a loopback input.
 */
export function displayMediaAnswer<S>(chosen: S | null, request: DisplayMediaRequest): DisplayMediaAnswer<S> | null {
  if (!chosen || !request.ownPage) return null;
  const loopback = request.audioRequested && request.platform === 'win32';
  return loopback ? { video: chosen, audio: 'loopback' } : { video: chosen };
}
