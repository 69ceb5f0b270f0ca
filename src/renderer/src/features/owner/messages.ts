/** Strings of choosing, once, whose computer this is (local mode); merged into the dictionaries in src/renderer/src/i18n. */
export const ownerEn = {
  'owner.settings.title': 'Your computer',
  'owner.settings.body':
    'Reprise opens this person’s scorecards, next role-play and reminders, and fills them in as the one who confirmed consent. Change it here if the computer changes hands.',
  'owner.settings.label': 'This computer belongs to',
  'owner.settings.choose': 'Choose a person…',
  'owner.settings.saved': 'This computer now belongs to {name}',
  'owner.settings.noPeople': 'Add your team in People first; then choose who this computer belongs to.',
  'owner.prompt.title': 'Whose computer is this?',
  'owner.prompt.body': 'Choose your name once: Reprise then shows your scorecards, your next role-play and your reminders. You can change it later in Settings.',
  'owner.prompt.save': 'This is me',
  'owner.you': 'You are {name}',
  'owner.change': 'Change',
  'owner.changeHint': 'Change who this computer belongs to in Settings',
  'people.picker.search': 'Search people',
  'people.picker.more': 'The first {shown} of {count} are listed: type a name, email or team to find others.',
  'people.picker.none': 'Nobody matches the search.',
};

export const ownerFi: { [K in keyof typeof ownerEn]: string } = {
  'owner.settings.title': 'Oma tietokone',
  'owner.settings.body':
    'Reprise avaa tämän henkilön arvioinnit, seuraavan roolipelin ja muistutukset ja merkitsee hänet suostumuksen vahvistajaksi. Vaihda tässä, jos tietokone siirtyy toiselle.',
  'owner.settings.label': 'Tämän tietokoneen käyttäjä',
  'owner.settings.choose': 'Valitse henkilö…',
  'owner.settings.saved': 'Tietokoneen käyttäjä on nyt {name}',
  'owner.settings.noPeople': 'Lisää ensin tiimisi Ihmiset-osiossa; valitse sitten tämän tietokoneen käyttäjä.',
  'owner.prompt.title': 'Kenen tietokone tämä on?',
  'owner.prompt.body': 'Valitse nimesi kerran: Reprise näyttää sitten arviointisi, seuraavan roolipelisi ja muistutuksesi. Voit vaihtaa sen myöhemmin asetuksista.',
  'owner.prompt.save': 'Tämä olen minä',
  'owner.you': 'Olet {name}',
  'owner.change': 'Vaihda',
  'owner.changeHint': 'Vaihda tämän tietokoneen käyttäjä asetuksista',
  'people.picker.search': 'Hae henkilöä',
  'people.picker.more': 'Luettelossa on {count} henkilöstä ensimmäiset {shown}: kirjoita nimi, sähköposti tai tiimi löytääksesi muut.',
  'people.picker.none': 'Haulla ei löytynyt ketään.',
};
