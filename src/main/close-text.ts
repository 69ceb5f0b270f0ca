/** What the desktop window asks when it is closed mid-take, in the language the window shows. */
export interface CloseTakeText {
  message: string;
  detail: string;
  keep: string;
  stop: string;
}

const texts: Record<'en' | 'fi', CloseTakeText> = {
  en: {
    message: 'A role-play is being recorded.',
    detail: 'Closing Reprise stops the recording. Everything recorded so far is saved and finished before the window closes.',
    keep: 'Keep recording',
    stop: 'Stop recording and close',
  },
  fi: {
    message: 'Roolipeliä tallennetaan.',
    detail: 'Reprisen sulkeminen lopettaa tallennuksen. Kaikki tähän asti tallennettu tallennetaan ja viimeistellään ennen kuin ikkuna sulkeutuu.',
    keep: 'Jatka tallennusta',
    stop: 'Lopeta tallennus ja sulje',
  },
};

/** `language` is the window's `<html lang>` (or the system locale); anything not Finnish reads English. */
export function closeTakeText(language: string): CloseTakeText {
  return language.toLowerCase().startsWith('fi') ? texts.fi : texts.en;
}
