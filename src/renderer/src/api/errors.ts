import type { Language, Translate } from '../i18n/i18n';
import { ApiError } from './api';
import { linesPrefix, scorecardImportMessagesFi } from './scorecard-import-messages';
import { validationMessagesFi } from './validation-messages';

/**
 * A desktop joined to a hub that cannot be reached keeps a write in its outbox and answers with
 * this code: nothing failed, it is saved here and goes up later.
 */
export const queuedOfflineCode = 'queued_offline';

export function isQueuedOffline(error: unknown): boolean {
  return error instanceof ApiError && error.code === queuedOfflineCode;
}

/**
 * The core answers in English. Messages it is known to send are shown in the active
 * language; anything else is shown as the core wrote it rather than hidden.
 */
const knownMessages: { pattern: RegExp; fi: (match: RegExpExecArray) => string }[] = [
  { pattern: /^Enter a name$/, fi: () => 'Kirjoita nimi' },
  {
    pattern: /^The waveform of this recording is being prepared; it appears in a moment\. The recording already plays\.$/,
    fi: () => 'Tämän tallenteen aaltomuotoa valmistellaan; se tulee näkyviin hetken kuluttua. Tallenne toistuu jo.',
  },
  {
    pattern: /^The team hub cannot reach its media storage right now \(.*\)\. Nothing is lost; try again in a few minutes\.$/,
    fi: () => 'Tiimin palvelin ei juuri nyt tavoita tallennustilaansa. Mitään ei ole kadonnut; yritä uudelleen muutaman minuutin kuluttua.',
  },
  {
    pattern: /^The team hub cannot store takes just now \(its media storage is not answering\)\. This take goes up later\.$/,
    fi: () => 'Tiimin palvelin ei juuri nyt voi tallentaa tallenteita (sen tallennustila ei vastaa). Tämä tallenne lähetetään myöhemmin.',
  },
  {
    pattern: /^A take is being recorded\. Stop it first, then switch between the demo and your own data\.$/,
    fi: () => 'Tallennus on käynnissä. Lopeta se ensin ja vaihda sitten esimerkin ja omien tietojesi välillä.',
  },
  { pattern: /^Not a valid email address$/, fi: () => 'Sähköpostiosoite ei kelpaa' },
  { pattern: /^Use the form YYYY-MM-DD$/, fi: () => 'Käytä muotoa VVVV-KK-PP' },
  { pattern: /^Not a real calendar date$/, fi: () => 'Päivämäärää ei ole olemassa' },
  { pattern: /^Already used by (.+)$/, fi: (m) => `Jo käytössä: ${m[1]}` },
  { pattern: /^Cannot be the rep themselves$/, fi: () => 'Myyntiedustaja ei voi olla oma esihenkilönsä' },
  { pattern: /^Would make a reporting loop$/, fi: () => 'Tästä syntyisi raportointisilmukka' },
  { pattern: /^Unknown rep$/, fi: () => 'Tuntematon myyntiedustaja' },
  {
    pattern: /^(\S+) is already used by (.+)\. Each rep needs their own email\.$/,
    fi: (m) => `${m[1]} on jo käytössä (${m[2]}). Jokaisella myyntiedustajalla on oltava oma sähköpostiosoite.`,
  },
  { pattern: /^A rep cannot be their own manager\.$/, fi: () => 'Myyntiedustaja ei voi olla oma esihenkilönsä.' },
  {
    pattern: /^That manager reports to this rep; pick someone else\.$/,
    fi: () => 'Valittu esihenkilö raportoi tälle myyntiedustajalle. Valitse joku muu.',
  },
  // Outcomes (CRM opportunities) import: rejected rows, warnings and header problems.
  { pattern: /^Owner "(.*)" is not an email address\.$/, fi: (m) => `Omistaja "${m[1]}" ei ole sähköpostiosoite.` },
  { pattern: /^The owner email is empty\.$/, fi: () => 'Omistajan sähköposti puuttuu.' },
  { pattern: /^The owner email is empty or not an email address\.$/, fi: () => 'Omistajan sähköposti puuttuu tai ei kelpaa.' },
  { pattern: /^The opportunity id is empty\.$/, fi: () => 'Myyntimahdollisuuden tunniste puuttuu.' },
  { pattern: /^The opportunity id is longer than 200 characters\.$/, fi: () => 'Myyntimahdollisuuden tunniste on yli 200 merkkiä pitkä.' },
  { pattern: /^(Created|Close) date "(.*)" is not a date; use YYYY-MM-DD\.$/, fi: (m) => `${m[1] === 'Created' ? 'Luontipäivä' : 'Sulkemispäivä'} "${m[2]}" ei ole päivämäärä; käytä muotoa VVVV-KK-PP.` },
  { pattern: /^(Amount|Quota) "(.*)" is not a number\.$/, fi: (m) => `${m[1] === 'Amount' ? 'Summa' : 'Tavoite'} "${m[2]}" ei ole luku.` },
  { pattern: /^(Won|Closed) "(.*)" is not yes or no\.$/, fi: (m) => `${m[1] === 'Won' ? 'Voitettu' : 'Suljettu'} "${m[2]}" ei ole kyllä tai ei.` },
  { pattern: /^Marked won but not closed\.$/, fi: () => 'Merkitty voitetuksi mutta ei suljetuksi.' },
  { pattern: /^A closed opportunity needs a close date\.$/, fi: () => 'Suljetulla myyntimahdollisuudella on oltava sulkemispäivä.' },
  { pattern: /^Closed on (\S+), before it was created \((\S+)\)\.$/, fi: (m) => `Suljettu ${m[1]}, ennen kuin se luotiin (${m[2]}).` },
  { pattern: /^Period "(.*)" is not a quarter; write it as 2026-Q4\.$/, fi: (m) => `Jakso "${m[1]}" ei ole vuosineljännes; kirjoita se muodossa 2026-Q4.` },
  {
    pattern: /^(\S+) \((?:line (\d+)|lines ([\d, ]+?)(?: and (\d+) more)?)\) is not in the roster: their deals count for them once they are added\.$/,
    fi: (m) =>
      `${m[1]} (${m[2] ? `rivi ${m[2]}` : `rivit ${m[3]}${m[4] ? ` ja ${m[4]} muuta` : ''}`}) ei ole henkilölistassa: hänen kauppansa lasketaan hänelle, kun hänet lisätään.`,
  },
  { pattern: /^(\d+) more owners are not in the roster\.$/, fi: (m) => `Lisäksi ${m[1]} omistajaa puuttuu henkilölistasta.` },
  {
    pattern: /^Line (\d+): opportunity (.+) is closed on (\d{4}-\d{2}-\d{2}), after today; check its close date in the CRM\.$/,
    fi: (m) => `Rivi ${m[1]}: myyntimahdollisuus ${m[2]} on suljettu päivänä ${m[3]}, joka on vasta tulossa; tarkista sen sulkemispäivä CRM:ssä.`,
  },
  {
    pattern: /^Line (\d+): opportunity (.+) appears already on line (\d+); the later row is used\.$/,
    fi: (m) => `Rivi ${m[1]}: myyntimahdollisuus ${m[2]} on jo rivillä ${m[3]}; myöhempi rivi jää voimaan.`,
  },
  {
    pattern: /^The mapping names the column "(.*)" for (\S+), but the header row has no such column\.$/,
    fi: (m) => `Sarakkeeksi tiedolle ${m[2]} on valittu "${m[1]}", mutta otsikkorivillä ei ole sellaista saraketta.`,
  },
  {
    pattern: /^The header row \(line (\d+)\) has no column for ([^.]+)\. /,
    fi: (m) => `Otsikkoriviltä (rivi ${m[1]}) puuttuu sarake tiedoille ${m[2]}. Valitse sarakkeet tai nimeä ne uudelleen.`,
  },
  {
    pattern: /^The file needs a won column \(or a stage such as Closed Won \/ Closed Lost\) to tell won deals from the others\.$/,
    fi: () => 'Tiedostossa on oltava voitettu-sarake (tai vaihe, kuten Closed Won / Closed Lost), jotta voitetut kaupat erottuvat muista.',
  },
  { pattern: /^The file is empty: it needs a header row and one row per opportunity\.$/, fi: () => 'Tiedosto on tyhjä: siinä on oltava otsikkorivi ja rivi kutakin myyntimahdollisuutta kohden.' },
  { pattern: /^A quota file needs the columns owner_email, period and quota\.$/, fi: () => 'Tavoitetiedostossa on oltava sarakkeet owner_email, period ja quota.' },
  { pattern: /^A period is a quarter, written 2026-Q4$/, fi: () => 'Jakso on neljännesvuosi, muodossa 2026-Q4' },
  {
    pattern: /^A value on this line is longer than ([\d,]+) characters; the rest of the file was not read\.$/,
    fi: (m) => `Tämän rivin arvo on yli ${m[1]!.replace(/,/g, ' ')} merkkiä pitkä; tiedoston loppua ei luettu.`,
  },
  // Any CSV import: a row the reader could not trust, an amount out of range.
  {
    pattern: /^A value in quotes is followed by more text before the next separator \("x"y\); write a quote inside a value as two quotes and put the whole value in quotes\.$/,
    fi: () => 'Lainausmerkeissä olevaa arvoa seuraa muuta tekstiä ennen seuraavaa erotinta ("x"y); kirjoita arvon sisällä oleva lainausmerkki kahtena ja koko arvo lainausmerkkeihin.',
  },
  {
    pattern: /^This row holds a control character \(such as NUL\) that no name or text may contain; save the file again from the spreadsheet\.$/,
    fi: () => 'Rivillä on ohjausmerkki (kuten NUL), jota ei saa olla nimessä eikä tekstissä; tallenna tiedosto uudelleen taulukkolaskentaohjelmasta.',
  },
  {
    pattern: /^(Amount|Quota) "(.*)" is larger than ([\d ]+); check the column\.$/,
    fi: (m) => `${m[1] === 'Amount' ? 'Summa' : 'Tavoite'} "${m[2]}" on suurempi kuin ${m[3]}; tarkista sarake.`,
  },
  // Roster import: rejected rows and warnings.
  {
    pattern: /^Has (\d+) fields but the header has (\d+)\. Put quotes around a value that contains "(.)"\.$/,
    fi: (m) => `Rivillä on ${m[1]} kenttää, otsikkorivillä ${m[2]}. Laita lainausmerkit arvon ympärille, jos siinä on merkki "${m[3]}".`,
  },
  { pattern: /^The email is empty; every rep needs one\.$/, fi: () => 'Sähköposti puuttuu; jokaisella myyntiedustajalla on oltava sellainen.' },
  { pattern: /^"(.*)" is not a valid email address\.$/, fi: (m) => `"${m[1]}" ei ole kelvollinen sähköpostiosoite.` },
  { pattern: /^The name is empty; a new rep needs a name\.$/, fi: () => 'Nimi puuttuu; uudella myyntiedustajalla on oltava nimi.' },
  { pattern: /^The name is longer than 200 characters\.$/, fi: () => 'Nimi on yli 200 merkkiä pitkä.' },
  { pattern: /^(\S+) appears already on line (\d+); each rep once per file\.$/, fi: (m) => `${m[1]} on jo rivillä ${m[2]}; kukin myyntiedustaja vain kerran tiedostossa.` },
  {
    pattern: /^hire_date "(.*)" is not a date; use YYYY-MM-DD \(or D\.M\.YYYY\)\.$/,
    fi: (m) => `hire_date "${m[1]}" ei ole päivämäärä; käytä muotoa VVVV-KK-PP (tai P.K.VVVV).`,
  },
  { pattern: /^coach "(.*)" is not yes or no\.$/, fi: (m) => `coach "${m[1]}" ei ole kyllä tai ei.` },
  { pattern: /^manager_email "(.*)" is not a valid email address\.$/, fi: (m) => `manager_email "${m[1]}" ei ole kelvollinen sähköpostiosoite.` },
  { pattern: /^manager_email is the rep themselves\.$/, fi: () => 'manager_email on myyntiedustaja itse.' },
  { pattern: /^coach_email "(.*)" is not a valid email address\.$/, fi: (m) => `coach_email "${m[1]}" ei ole kelvollinen sähköpostiosoite.` },
  { pattern: /^coach_email is the rep themselves\.$/, fi: () => 'coach_email on myyntiedustaja itse.' },
  {
    pattern: /^coach_email (\S+) is neither in the roster nor a valid row of this file\.$/,
    fi: (m) => `coach_email ${m[1]} ei ole henkilölistassa eikä tämän tiedoston kelvollisella rivillä.`,
  },
  {
    pattern: /^Line (\d+): (\S+) kept their previous coach: (\S+) was not written\.$/,
    fi: (m) => `Rivi ${m[1]}: ${m[2]} piti aiemman valmentajansa: ${m[3]} jäi kirjoittamatta.`,
  },
  {
    pattern: /^manager_email (\S+) is neither in the roster nor a valid row of this file\.$/,
    fi: (m) => `manager_email ${m[1]} ei ole henkilölistassa eikä tämän tiedoston kelvollisella rivillä.`,
  },
  {
    pattern: /^A quote opened on this line is never closed; the rest of the file was not read\.$/,
    fi: () => 'Tällä rivillä avattu lainausmerkki ei sulkeudu; tiedoston loppua ei luettu.',
  },
  {
    pattern: /^(A value on this line is|This line is) longer than ([\d,]+) characters; the rest of the file was not read\. Check that this is the roster and that its quotes are paired\.$/,
    fi: (m) =>
      `${m[1] === 'This line is' ? 'Tämä rivi on' : 'Tämän rivin arvo on'} yli ${m[2]!.replace(/,/g, ' ')} merkkiä pitkä; tiedoston loppua ei luettu. Tarkista, että tiedosto on henkilölista ja että sen lainausmerkit ovat pareittain.`,
  },
  {
    pattern: /^The first line is longer than ([\d,]+) characters, too long for a header row\. Check that this is the roster\.$/,
    fi: (m) => `Ensimmäinen rivi on yli ${m[1]!.replace(/,/g, ' ')} merkkiä pitkä, liian pitkä otsikkoriviksi. Tarkista, että tiedosto on henkilölista.`,
  },
  {
    pattern: /^Line (\d+): (\S+) has the hire date (\S+), which is after today\. Check it if that is not right\.$/,
    fi: (m) => `Rivi ${m[1]}: henkilön ${m[2]} aloituspäivä ${m[3]} on tämän päivän jälkeen. Tarkista se, jos se ei ole oikein.`,
  },
  { pattern: /^Ignored unknown columns?: (.+)\.$/, fi: (m) => `Tuntemattomat sarakkeet jätettiin huomiotta: ${m[1]}.` },
  // The Library and comments.
  { pattern: /^No one in the roster has the email or id "(.*)"\.$/, fi: (m) => `Henkilölistassa ei ole ketään, jonka sähköposti tai tunniste on "${m[1]}".` },
  { pattern: /^You can mention only the people on this session\.$/, fi: () => 'Voit osoittaa kommentin vain tämän harjoituksen osallistujille.' },
  { pattern: /^You can write comments only as yourself\.$/, fi: () => 'Voit kirjoittaa kommentteja vain omalla nimelläsi.' },
  { pattern: /^Resolve the thread, not a reply in it\.$/, fi: () => 'Merkitse ratkaistuksi koko keskustelu, ei yksittäistä vastausta.' },
  { pattern: /^That comment was deleted\.$/, fi: () => 'Kommentti on poistettu.' },
  { pattern: /^The comment you reply to was deleted\.$/, fi: () => 'Kommentti, johon vastaat, on poistettu.' },
  { pattern: /^That recording does not exist \(any more\)\.$/, fi: () => 'Tallennetta ei ole (enää).' },
  // A team hub's answers to a desktop's uploads and changes.
  {
    pattern: /^The team hub is running out of disk space \(([\d.]+) GB free, and it keeps ([\d.]+) GB free\), so it cannot take this take now\. It stays on this computer and goes up when an admin has made room on the hub\.$/,
    fi: (m) =>
      `Tiimin palvelimen levytila on loppumassa (vapaana ${m[1]!.replace('.', ',')} Gt, ja se pitää vapaana ${m[2]!.replace('.', ',')} Gt), joten se ei voi ottaa tätä ottoa nyt vastaan. Otto pysyy tällä tietokoneella ja lähtee, kun ylläpitäjä on vapauttanut tilaa palvelimelta.`,
  },
  {
    pattern: /^You already have (\d+) takes on their way to the team hub\. This one goes up when one of them has arrived \(unfinished uploads are removed after a day\)\.$/,
    fi: (m) => `Sinulla on jo ${m[1]} ottoa matkalla tiimin palvelimelle. Tämä lähtee, kun jokin niistä on perillä (keskeneräiset lähetykset poistetaan vuorokauden kuluttua).`,
  },
  {
    pattern: /^Your takes on their way to the team hub already add up to ([\d.]+) GB\. This one goes up when one of them has arrived \(unfinished uploads are removed after a day\)\.$/,
    fi: (m) => `Matkalla tiimin palvelimelle olevat ottosi ovat jo yhteensä ${m[1]!.replace('.', ',')} Gt. Tämä lähtee, kun jokin niistä on perillä (keskeneräiset lähetykset poistetaan vuorokauden kuluttua).`,
  },
  {
    pattern: /^The team hub could not take this now \(HTTP (\d+): (.*)\)\.$/,
    fi: (m) => `Tiimin palvelin ei voinut ottaa tätä vastaan nyt (HTTP ${m[1]}: ${m[2]}).`,
  },
  { pattern: /^The team hub cannot be reached \((.*)\)\.$/, fi: (m) => `Tiimin palvelimeen ei saada yhteyttä (${m[1]}).` },
  // Clips.
  { pattern: /^A clip ends after it starts$/, fi: () => 'Klippi päättyy vasta alkunsa jälkeen' },
  { pattern: /^Give the clip a title$/, fi: () => 'Anna klipille otsikko' },
  { pattern: /^The recording is (\S+) long; end the clip within it\.$/, fi: (m) => `Tallenne on ${m[1]} pitkä; lopeta klippi sen sisällä.` },
  { pattern: /^“(.*)” is not a criterion of the (.+) rubric; pick from its list\.$/, fi: (m) => `”${m[1]}” ei ole alueen ${m[2]} arviointikriteeri; valitse sen luettelosta.` },
  { pattern: /^That focus area does not exist; pick one from the list\.$/, fi: () => 'Painopistealuetta ei ole; valitse luettelosta.' },
  { pattern: /^That clip was deleted\.$/, fi: () => 'Klippi on poistettu.' },
  { pattern: /^This take is not finished yet; clip it once it is ready\.$/, fi: () => 'Otto ei ole vielä valmis; tee klippi, kun se on valmis.' },
  { pattern: /^The recording of this clip is not ready, so it cannot be cut yet\.$/, fi: () => 'Klipin tallenne ei ole valmis, joten sitä ei voi vielä leikata.' },
  {
    pattern: /^The disk is full, so the clip could not be saved\. Free some space or choose another place, and try again\.$/,
    fi: () => 'Levy on täynnä, joten klippiä ei voitu tallentaa. Vapauta tilaa tai valitse toinen paikka ja yritä uudelleen.',
  },
  {
    pattern: /^The recording’s file is damaged where the clip is, so it could not be cut\. Check the recording \(Verify\) or pick another range\.$/,
    fi: () => 'Tallenteen tiedosto on vioittunut klipin kohdalta, joten sitä ei voitu leikata. Tarkista tallenne tai valitse toinen jakso.',
  },
  { pattern: /^The recording’s file cannot be read as audio or video, so it could not be cut\.$/, fi: () => 'Tallenteen tiedostoa ei voi lukea äänenä tai videona, joten sitä ei voitu leikata.' },
  {
    pattern: /^Save the clip outside Reprise’s data folder; that folder holds the takes and the database\.$/,
    fi: () => 'Tallenna klippi Reprisen datakansion ulkopuolelle; siinä kansiossa ovat otot ja tietokanta.',
  },
  { pattern: /^(.+) already exists; add --force to replace it\.$/, fi: (m) => `${m[1]} on jo olemassa; lisää --force, jos haluat korvata sen.` },
  { pattern: /^The clip could not be written there\. Choose a folder you may write to\.$/, fi: () => 'Klippiä ei voitu kirjoittaa sinne. Valitse kansio, johon sinulla on kirjoitusoikeus.' },
  // Recordings: a file refused at import, a take that cannot start.
  {
    pattern: /^This is not a recording Reprise can read \(not audio or video, or damaged at the start\)\.$/,
    fi: () => 'Reprise ei pysty lukemaan tätä tallenteena (se ei ole ääntä tai videota, tai sen alku on vioittunut).',
  },
  {
    pattern: /^This take has no sound, so there is no waveform or conversation analysis\.$/,
    fi: () => 'Tässä otossa ei ole ääntä, joten sillä ei ole ääniaaltoa eikä keskusteluanalyysia.',
  },
  { pattern: /^The file is empty \(0 bytes\)\.$/, fi: () => 'Tiedosto on tyhjä (0 tavua).' },
  {
    pattern: /^The (seller|buyer)'s file \((.+)\) cannot be read as audio, so nothing was imported\. Fix or replace that file and import both again\.$/,
    fi: (m) => `${m[1] === 'seller' ? 'Myyjän' : 'Ostajan'} tiedostoa (${m[2]}) ei voi lukea äänenä, joten mitään ei tuotu. Korjaa tai vaihda se tiedosto ja tuo molemmat uudelleen.`,
  },
  {
    pattern: /^Only an import still being sent can be discarded; this one is already a take\.$/,
    fi: () => 'Vain kesken oleva tuonti voidaan hylätä; tämä on jo otto.',
  },
  {
    pattern: /^The two files could not be made into one take, so nothing was imported: (.*)$/s,
    fi: (m) => `Kahdesta tiedostosta ei saatu yhtä ottoa, joten mitään ei tuotu: ${m[1]}`,
  },
  {
    pattern: /^The file is cut off too early to be used: less than a fraction of a second can be played\.$/,
    fi: () => 'Tiedosto katkeaa liian aikaisin: siitä voi toistaa alle sekunnin murto-osan.',
  },
  {
    pattern: /^Reprise cannot keep "(.+)" files; use WebM, MP4, M4A, MKV, WAV, MP3 or OGG\.$/,
    fi: (m) => `Reprise ei voi tallentaa "${m[1]}"-tiedostoja; käytä WebM-, MP4-, M4A-, MKV-, WAV-, MP3- tai OGG-tiedostoa.`,
  },
  {
    pattern: /^Only (.+) free on the disk that holds recordings; Reprise needs at least (.+) to start\. Free some space and try again\.$/,
    fi: (m) => `Tallenteiden levyllä on vapaana vain ${m[1]}; Reprise tarvitsee aloittaakseen vähintään ${m[2]}. Vapauta tilaa ja yritä uudelleen.`,
  },
  // A desktop joined to a team hub: why a take or a change did not go up.
  { pattern: /^The team hub refused this take \(HTTP (\d+)\)\.$/, fi: (m) => `Tiimin palvelin ei ottanut tätä ottoa vastaan (HTTP ${m[1]}).` },
  { pattern: /^This take is not finished on this computer, so it cannot be sent\.$/, fi: () => 'Tämä otto ei ole valmis tällä tietokoneella, joten sitä ei voi lähettää.' },
  {
    pattern: /^The team hub cannot be reached, and this was not fetched before\. Try again when you are online\.$/,
    fi: () => 'Tiimin palvelimeen ei saada yhteyttä, eikä tätä ole haettu aiemmin. Yritä uudelleen, kun yhteys toimii.',
  },
  { pattern: /^The team hub cannot be reached\. Try again when you are online\.$/, fi: () => 'Tiimin palvelimeen ei saada yhteyttä. Yritä uudelleen, kun yhteys toimii.' },
  ...scorecardImportMessagesFi,
  ...validationMessagesFi,
];

/** dispatch()'s headline for several problems: the first, and how many more (src/shared/dispatch.ts). */
const moreToFix = /^(.+) \(and (\d+) more to fix\)$/;

export function localizeServerMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  const several = moreToFix.exec(message);
  if (several) {
    const more = several[2] === '1' ? 'ja yksi muu korjattava' : `ja ${several[2]} muuta korjattavaa`;
    return `${localizeServerMessage(several[1]!, language)} (${more})`;
  }
  for (const known of knownMessages) {
    const match = known.pattern.exec(message);
    if (match) return known.fi(match);
  }
  const onLines = linesPrefix.exec(message);
  if (onLines) return `${onLines[1] === 'Line' ? 'Rivi' : 'Rivit'} ${onLines[2]}: ${localizeServerMessage(onLines[3]!, language)}`;
  return message;
}

export interface ErrorDescription {
  title: string;
  message: string;
  code: string;
}

/** What to tell a person about a failed call: what happened and what to do next. */
export function describeError(error: unknown, t: Translate, language: Language): ErrorDescription {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'offline':
        return { code: error.code, title: t('error.offline.title'), message: t('error.offline.message') };
      case 'forbidden':
        return { code: error.code, title: t('error.forbidden.title'), message: t('error.forbidden.message') };
      case 'unauthenticated':
        return { code: error.code, title: t('error.unauthenticated.title'), message: t('error.unauthenticated.message') };
      case 'not_found':
        return { code: error.code, title: t('error.notFound.title'), message: localizeServerMessage(error.message, language) };
      case queuedOfflineCode:
        return { code: error.code, title: t('sync.queued.title'), message: t('sync.queued') };
      case 'storage_unavailable':
        return { code: error.code, title: t('error.storageUnavailable.title'), message: t('error.storageUnavailable.message') };
      case 'database_damaged':
        return { code: error.code, title: t('error.databaseDamaged.title'), message: t('error.databaseDamaged.message') };
      case 'internal':
        return { code: error.code, title: t('error.internal.title'), message: `${t('error.internal.message')} (${error.message})` };
      default:
        return { code: error.code, title: t('error.generic.title'), message: localizeServerMessage(error.message, language) };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unexpected', title: t('error.internal.title'), message: `${t('error.internal.message')} (${message})` };
}

/**
 * Issues keyed by the field they belong to. `people:update` nests fields under `patch.`,
 * `people:create` does not; both end up under the same key.
 */
export function fieldIssues(error: unknown, language: Language, prefixes: readonly string[] = []): Map<string, string> {
  const byField = new Map<string, string>();
  if (!(error instanceof ApiError)) return byField;
  for (const issue of error.issues) {
    let path = issue.path;
    for (const prefix of prefixes) {
      if (path.startsWith(prefix)) path = path.slice(prefix.length);
    }
    if (!byField.has(path)) byField.set(path, localizeServerMessage(issue.message, language));
  }
  return byField;
}
