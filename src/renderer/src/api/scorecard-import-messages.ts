/**
 * Finnish for the reasons the scorecards import gives for a skipped scorecard
 * (src/core/scorecards/scorecards-import.ts), matched as the core writes them in English.
 * Column names and values from the file stay as they are: they are what a person looks for.
 */
const what: Record<string, string> = { seller: 'myyjä', buyer: 'ostaja', reviewer: 'arvioija' };

export const scorecardImportMessagesFi: { pattern: RegExp; fi: (match: RegExpExecArray) => string }[] = [
  { pattern: /^session_date is empty\.$/, fi: () => 'session_date on tyhjä.' },
  { pattern: /^session_date "(.*)" is not a date; use YYYY-MM-DD or D\.M\.YYYY\.$/, fi: (m) => `session_date "${m[1]}" ei ole päivämäärä; käytä muotoa VVVV-KK-PP tai P.K.VVVV.` },
  {
    pattern: /^session_date (\S+) is in the future; only role-plays that took place can be imported\.$/,
    fi: (m) => `session_date ${m[1]} on tulevaisuudessa; vain pidettyjä roolipelejä voi tuoda.`,
  },
  { pattern: /^focus_area is empty\.$/, fi: () => 'focus_area on tyhjä.' },
  { pattern: /^focus_area "(.*)" is not a focus area; use one of: (.*)\.$/, fi: (m) => `focus_area "${m[1]}" ei ole painopiste; käytä jotakin näistä: ${m[2]}.` },
  { pattern: /^The focus area (.+) is archived; restore it to import its role-plays\.$/, fi: (m) => `Painopiste ${m[1]} on arkistoitu; palauta se, jotta sen roolipelejä voi tuoda.` },
  { pattern: /^(\w+) is empty; every row names its (seller|reviewer)\.$/, fi: (m) => `${m[1]} on tyhjä; jokaisella rivillä on oltava ${what[m[2]!]}.` },
  {
    pattern: /^(\w+) (\S+) is not on the roster; add the (seller|buyer|reviewer) to the roster first\.$/,
    fi: (m) => `${m[1]} ${m[2]} ei ole henkilölistassa; lisää ${what[m[3]!]} ensin henkilölistaan.`,
  },
  { pattern: /^buyer_email (\S+) is the seller too; the buyer is someone else\.$/, fi: (m) => `buyer_email ${m[1]} on myös myyjä; ostajan on oltava joku muu.` },
  { pattern: /^reviewer_role "(.*)" is not peer, self or coach\.$/, fi: (m) => `reviewer_role "${m[1]}" ei ole peer, self eikä coach.` },
  {
    pattern: /^reviewer_role is self, but the reviewer (\S+) is not the seller (\S+); a self-review is written by the seller\.$/,
    fi: (m) => `reviewer_role on self, mutta arvioija ${m[1]} ei ole myyjä ${m[2]}; itsearvion kirjoittaa myyjä.`,
  },
  { pattern: /^The reviewer is the seller (\S+), so reviewer_role is self, not (\w+)\.$/, fi: (m) => `Arvioija on myyjä ${m[1]}, joten reviewer_role on self eikä ${m[2]}.` },
  {
    pattern: /^criterion is empty; give the key of a criterion in the focus area’s template\.$/,
    fi: () => 'criterion on tyhjä; anna painopisteen arviopohjan kriteerin avain.',
  },
  {
    pattern: /^score is empty; give a whole number from 1 to 5, or leave the row out\.$/,
    fi: () => 'score on tyhjä; anna kokonaisluku 1–5 tai jätä rivi pois.',
  },
  { pattern: /^score "(.*)" is not a whole number from 1 to 5\.$/, fi: (m) => `score "${m[1]}" ei ole kokonaisluku 1–5.` },
  { pattern: /^comment is longer than 4,000 characters\.$/, fi: () => 'comment on yli 4 000 merkkiä pitkä.' },
  {
    pattern: /^The row has (\d+) fields but the header has (\d+)\. Put quotes around a value that contains "(.)"\.$/,
    fi: (m) => `Rivillä on ${m[1]} kenttää, mutta otsikkorivillä ${m[2]}. Laita lainausmerkit arvon ympärille, jos siinä on "${m[3]}".`,
  },
  { pattern: /^reviewer_role differs within one scorecard: (.+)\.$/, fi: (m) => `reviewer_role vaihtelee saman arvion riveillä: ${m[1]!.replace(/ on lines? /g, ' riveillä ')}.` },
  { pattern: /^criterion (\S+) is scored on lines ([\d, ]+); one score per criterion\.$/, fi: (m) => `Kriteeri ${m[1]} on pisteytetty riveillä ${m[2]}; yksi piste kriteeriä kohden.` },
  { pattern: /^buyer_email differs within one scorecard: (.+)\.$/, fi: (m) => `buyer_email vaihtelee saman arvion riveillä: ${m[1]}.` },
  {
    pattern: /^buyer_email (\S+) differs from (\S+) on lines? ([\d, ]+) for the same role-play \(same date, focus area and seller\)\.$/,
    fi: (m) => `buyer_email ${m[1]} poikkeaa riveillä ${m[3]} annetusta ${m[2]} samassa roolipelissä (sama päivä, painopiste ja myyjä).`,
  },
  {
    pattern: /^The (.+) role-play on (\S+) where (.+) sells is already in the app with (.+) as buyer, not (\S+)\. Correct buyer_email, or leave it empty to score that role-play\.$/,
    fi: (m) => `Painopisteen ${m[1]} roolipeli ${m[2]}, jossa ${m[3]} myy, on jo sovelluksessa, ja ostajana on ${m[4]}, ei ${m[5]}. Korjaa buyer_email tai jätä se tyhjäksi, niin pisteet tulevat tuohon roolipeliin.`,
  },
  {
    pattern: /^The (.+) role-play on (\S+) where (.+) sells is already in the app with no buyer, not (\S+)\. Correct buyer_email, or leave it empty to score that role-play\.$/,
    fi: (m) => `Painopisteen ${m[1]} roolipeli ${m[2]}, jossa ${m[3]} myy, on jo sovelluksessa ilman ostajaa, ei ostajana ${m[4]}. Korjaa buyer_email tai jätä se tyhjäksi, niin pisteet tulevat tuohon roolipeliin.`,
  },
  {
    pattern: /^(.+) has an unsubmitted scorecard for the (.+) role-play on (\S+) where (.+) sells open in the app; submit or discard it there, then import again\.$/,
    fi: (m) => `Henkilöllä ${m[1]} on sovelluksessa lähettämätön arvio painopisteen ${m[2]} roolipelistä ${m[3]}, jossa ${m[4]} myy; lähetä tai hylkää se ja tuo tiedosto uudelleen.`,
  },
  {
    pattern: /^(.+) already has a (\w+) scorecard for the (.+) role-play on (\S+) where (.+) sells; the file says (\w+)\.$/,
    fi: (m) => `Henkilöllä ${m[1]} on jo ${m[2]}-arvio painopisteen ${m[3]} roolipelistä ${m[4]}, jossa ${m[5]} myy; tiedostossa lukee ${m[6]}.`,
  },
  {
    pattern: /^There is no rubric template for (.+) yet; create one in the template library first\.$/,
    fi: (m) => `Painopisteellä ${m[1]} ei ole vielä arviopohjaa; luo se ensin pohjakirjastossa.`,
  },
  {
    pattern: /^criterion "(.*)" is not in the template "(.*)"; its criteria are (.+)\.$/,
    fi: (m) => `Kriteeriä "${m[1]}" ei ole arviopohjassa "${m[2]}"; sen kriteerit ovat ${m[3]}.`,
  },
  {
    pattern: /^Required criteria without a score: (.+)\. A scorecard needs every required criterion of its template; optional ones may be left out\.$/,
    fi: (m) => `Pakolliset kriteerit ilman pisteitä: ${m[1]}. Arviossa on oltava jokainen arviopohjan pakollinen kriteeri; valinnaiset voi jättää pois.`,
  },
  // Refusals of the scorecard and session services the import writes through.
  {
    pattern: /^(.+) is not marked as a coach and is not (.+)’s manager; review as a peer instead\.$/,
    fi: (m) => `${m[1]} ei ole merkitty valmentajaksi eikä ole myyjän ${m[2]} esihenkilö; arvioi sen sijaan vertaisena.`,
  },
  { pattern: /^(.+) is archived and cannot write scorecards\.$/, fi: (m) => `${m[1]} on arkistoitu eikä voi kirjoittaa arvioita.` },
  { pattern: /^(.+) is archived and cannot join a session\.$/, fi: (m) => `${m[1]} on arkistoitu eikä voi osallistua harjoitukseen.` },
  { pattern: /^The template "(.*)" is archived; restore it or pick another\.$/, fi: (m) => `Arviopohja "${m[1]}" on arkistoitu; palauta se tai valitse toinen.` },
  {
    pattern: /^(A value on this line is|This line is) longer than ([\d,]+) characters; the rest of the file was not read\.$/,
    fi: (m) => `${m[1] === 'This line is' ? 'Tämä rivi on' : 'Tämän rivin arvo on'} yli ${m[2]!.replace(/,/g, ' ')} merkkiä pitkä; tiedoston loppua ei luettu.`,
  },
  {
    pattern: /^The file is empty: it needs a header row and one row per criterion score\.$/,
    fi: () => 'Tiedosto on tyhjä: siinä on oltava otsikkorivi ja yksi rivi kutakin kriteerin pistettä kohden.',
  },
  {
    pattern: /^The header row \(line (\d+)\) needs the columns? (.+)\. Expected columns: (.+)\. Found: (.*)\.$/,
    fi: (m) => `Otsikkorivillä (rivi ${m[1]}) on oltava sarakkeet ${m[2]}. Odotetut sarakkeet: ${m[3]}. Löytyi: ${m[4]}.`,
  },
];

/** "Lines 3, 5: …" before a reason found on some of a scorecard's lines only. */
export const linesPrefix = /^(Lines?) ([\d, ]+): (.+)$/s;
