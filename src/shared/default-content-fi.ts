/**
 * The content Reprise ships (rubric templates, personas, scenarios) in Finnish, keyed like the
 * English originals in default-rubrics.ts and default-library.ts. The renderer shows these texts in
 * the Finnish UI only where the stored text is still the shipped English one, so a team's own
 * edits stay as written (see shipped-text.ts).
 */

/** The rubric templates in Finnish, by focus area, criterion key and section key. */
export const rubricSectionsFi: Record<string, { title: string; prompt: string }> = {
  'went-well': { title: 'Mikä onnistui', prompt: 'Hetket, jotka toimivat, ja miksi ne toimivat.' },
  'to-improve': { title: 'Mitä parantaa', prompt: 'Yksi tai kaksi asiaa ja hetki, jolloin kukin tapahtui.' },
  'practise-next': { title: 'Yksi asia, jota harjoitella seuraavaksi', prompt: 'Yksi konkreettinen toimintatapa, jota harjoitellaan ensi viikon roolipelissä.' },
};

export const rubricTemplatesFi: Record<string, { name: string; description: string }> = {
  discovery: {
    name: 'Tarvekartoituspuhelu',
    description: 'Antoiko myyjä ostajan puhua, löysikö hän ongelman ja sen hinnan, ja sovittiinko seuraava askel?',
  },
  demo: {
    name: 'Demo',
    description: 'Seurasiko demo tarvekartoituksessa löytyneitä ongelmia, kertoiko se tarinan ja pysyikö ostaja mukana?',
  },
  personas: {
    name: 'Ostajapersoona',
    description: 'Kysyikö myyjä, mikä tälle roolille on tärkeää, ja puhuiko hän tämän roolin kieltä?',
  },
  'objection-handling': {
    name: 'Vastaväitteiden käsittely',
    description: 'Kuunteliko myyjä vastaväitteen loppuun, löysikö sen taustan ja vastasiko väittelemättä?',
  },
};

type Anchors = [string, string, string, string, string];

export const rubricCriteriaFi: Record<string, { name: string; description: string; anchors: Anchors }> = {
  'next-step': {
    name: 'Seuraava askel',
    description: 'Keskustelu päättyy konkreettiseen seuraavaan askeleeseen, johon ostaja sitoutuu.',
    anchors: [
      'Roolipeli päättyi ilman seuraavaa askelta tai lupaukseen ”lähetän teille materiaalia”.',
      'Epämääräinen seuraava askel (”jutellaan taas pian”) ilman päivää ja vastuuhenkilöä.',
      'Seuraava askel päivämäärineen, johon ostaja sanoi kyllä.',
      'Päivätty seuraava askel selkeällä tarkoituksella, ja myyjä kysyi, kenen muun ostajan puolelta pitäisi osallistua.',
      'Päivätty seuraava askel, joka liittyy löydettyyn ongelmaan, varattiin jo keskustelun aikana, ja kumpikin puoli tietää, mitä valmistelee.',
    ],
  },
  'open-questions': {
    name: 'Avoimet kysymykset',
    description: 'Kysymykset, joiden avulla ostaja kuvaa tilannettaan omin sanoin.',
    anchors: [
      'Lähes pelkkiä kyllä/ei- tai johdattelevia kysymyksiä (”Olette siis samaa mieltä, että…?”); ostaja vastasi muutamalla sanalla.',
      'Yksi tai kaksi avointa kysymystä, sitten takaisin suljettuihin, tai esittelyä ennen kuin ostaja oli puhunut loppuun.',
      'Useimmat aiheet avattiin avoimella kysymyksellä (mitä, miten, kerro); jatkokysymykset olivat enimmäkseen suljettuja.',
      'Avoimia kysymyksiä koko ajan, ja vähintään kahdesti jatkokysymys rakentui ostajan omille sanoille (”Mainitsit X:n. Miltä se käytännössä näyttää?”).',
      'Ostaja puhui suurimman osan ajasta; jokainen kysymys rakentui edelliseen vastaukseen, ja myyjä tiivisti kuulemansa ennen kuin siirtyi eteenpäin.',
    ],
  },
  'pain-and-impact': {
    name: 'Ongelma ja sen vaikutus',
    description: 'Tilanteen taustalla olevat ongelmat ja mitä ne merkitsevät liiketoiminnalle ja ostajalle itselleen.',
    anchors: [
      'Yhtään ongelmaa ei nimetty; keskustelu pysyi ominaisuuksissa tai ostajan nykyisissä työkaluissa.',
      'Ongelma tuli esiin, mutta myyjä siirtyi eteenpäin kysymättä, miksi se on tärkeä tai keihin se vaikuttaa.',
      'Vähintään yksi ongelma nimettiin, ja myyjä kysyi, miten se vaikuttaa tiimiin tai liiketoimintaan.',
      'Ongelma kytkettiin sekä liiketoimintavaikutukseen että ostajaan itseensä (hänen tavoitteisiinsa, työkuormaansa tai asemaansa) ostajan omin sanoin.',
      'Useita ongelmia löytyi, ostaja asetti ne tärkeysjärjestykseen, ja myyjä varmisti tärkeimmän (”Suurin haaste on siis…, pitääkö paikkansa?”).',
    ],
  },
  quantifying: {
    name: 'Numerot ongelmalle',
    description: 'Ongelman koko lukuina: aikaa, rahaa, määriä tai riskiä.',
    anchors: [
      'Lukuja ei kysytty eikä tarjottu.',
      'Lukua kysyttiin, mutta ”paljon” tai ”aika usein” kelpasi ilman jatkokysymystä.',
      'Vähintään yksi konkreettinen luku tuli esiin (tunteja viikossa, kustannus, niiden kauppojen määrä, joihin ongelma vaikuttaa).',
      'Luvut tärkeimmälle ongelmalle, ja myyjä laski ostajan kanssa, paljonko ne ovat kuukaudessa tai vuodessa.',
      'Ostaja kertoi omin luvuin, mitä tekemättä jättäminen maksaa, ja hyväksyi myyjän tiivistämän kokonaissumman.',
    ],
  },
  listening: {
    name: 'Kuunteleminen',
    description: 'Ostaja saa puhua loppuun, sanottuun reagoidaan ja hänelle jätetään tilaa.',
    anchors: [
      'Keskeytti ostajan tai puhui hänen päälleen useammin kuin kerran; myyjä puhui suurimman osan ajasta.',
      'Antoi ostajan puhua loppuun mutta siirtyi suoraan seuraavaan valmisteltuun kysymykseen reagoimatta vastaukseen.',
      'Piti tauon vastausten jälkeen ja kuittasi ostajan sanoman ennen kuin jatkoi.',
      'Jätti hiljaisuuksia ostajan täytettäväksi ja tarttui ohimennen pudotettuun vihjeeseen.',
      'Ostaja puhui yli puolet ajasta; myyjän yhteenvedoissa olivat ostajan omat sanat, ja ostaja vahvisti ne.',
    ],
  },
  tailoring: {
    name: 'Räätälöity löydettyihin ongelmiin',
    description: 'Se, mitä näytettiin ja missä järjestyksessä, perustui siihen, mitä ostaja kertoi tarvekartoituksessa.',
    anchors: [
      'Vakiokierros ominaisuuksien läpi; mitään ei kytketty siihen, mitä ostaja oli kertonut.',
      'Alussa mainittiin yksi ongelma, sitten ominaisuudet näytettiin tuotteen omassa järjestyksessä.',
      'Näytti ne osat, jotka ratkaisevat ostajan tärkeimmät ongelmat, ja kertoi, minkä ongelman kukin osa ratkaisee.',
      'Aloitti kertaamalla ongelmat ostajan sanoin ja sai niille hyväksynnän; ohitti ominaisuudet, joita ostaja ei tarvitse.',
      'Jokainen osa alkoi nimetystä ongelmasta ja päättyi siihen, mitä se tarkoittaa ostajan luvuissa; ostaja kytki sen omaan työhönsä pyytämättä.',
    ],
  },
  storytelling: {
    name: 'Tarinankerronta',
    description: 'Realistinen tarina, jossa on ongelma, polku ja tulos, eikä pelkkä kierros näkymästä toiseen.',
    anchors: [
      'Klikkaili näkymiä ja kertoi, mitä painikkeet tekevät.',
      'Yleinen esimerkki (”kuvitellaan yritys…”), jolla ei ollut yhteyttä ostajaan.',
      'Yksi realistinen tilanne ostajan arjesta, jolla on alku (ongelma) ja loppu (tulos).',
      'Tilanteessa käytettiin ostajan rooleja, tietoja tai termejä, ja siinä näkyi tilanne ennen ja jälkeen.',
      'Samankaltaisen asiakkaan ongelma ja tulos kerrottiin konkreettisella luvulla, sitten sama polku näytettiin ostajan kannalta; ostaja osasi kertoa sen uudelleen.',
    ],
  },
  'checking-in': {
    name: 'Tilannekatsaukset',
    description: 'Pysähdytään kysymään, miten esitys osuu, ja muutetaan suuntaa vastausten mukaan.',
    anchors: [
      'Myyjä ei kysynyt ostajalta mitään demon aikana.',
      '”Onko kysyttävää?” kerran tai kahdesti, ja hiljaisuuden jälkeen jatkettiin.',
      'Pysähtyi jokaisen pääosan jälkeen kysymään, miten se sopii ostajan tilanteeseen.',
      'Tarkkoja kysymyksiä (”Miten tiiminne käyttäisi tätä kuunvaihteessa?”), ja demo muuttui vastausten mukaan.',
      'Demosta tuli keskustelu: ostaja pyysi näkemään asioita, ja myyjä muutti suunnitelmaa lennosta seuratakseen häntä.',
    ],
  },
  'persona-questions': {
    name: 'Persoonan mukaiset kysymykset',
    description: 'Kysymykset, jotka sopivat siihen, mistä tämä rooli vastaa ja millä sitä mitataan.',
    anchors: [
      'Samat kysymykset kuin kenelle tahansa ostajalle; mikään ei kertonut, että myyjä tiesi, kenen kanssa puhuu.',
      'Ostajan rooli mainittiin, mutta kysymykset pysyivät yleisinä.',
      'Vähintään kaksi kysymystä, jotka sopivat roolin vastuisiin (budjetti ja takaisinmaksu talousjohtajalle, integraatiot ja tietoturva IT-päällikölle).',
      'Kysymykset kattoivat roolin tavoitteet, sen, miten häntä mitataan, ja sen, mikä häntä huolettaa, ja vastauksiin tartuttiin jatkokysymyksillä.',
      'Ennakoi roolin prioriteetit, kysyi ihmisistä, joille hän raportoi, ja sai esiin jotain, mitä persoonan kuvaus piti piilossa.',
    ],
  },
  'persona-language': {
    name: 'Persoonan roolin kieli',
    description: 'Arvo kuvataan sanoin ja mittarein, joita tämä rooli käyttää.',
    anchors: [
      'Tuotejargonia tai väärää sanastoa roolille (ominaisuuksia talousjohtajalle, hinnoittelun yksityiskohtia loppukäyttäjälle).',
      'Enimmäkseen tuotteen kieltä ja yksi tai kaksi roolin omaa termiä.',
      'Arvo kuvattiin useimmiten roolin käyttämin termein (kustannus, riski, säästetty aika, helppokäyttöisyys).',
      'Käytti ostajan omia sanoja ja mittareita; ei jargonia, jota ostajan pitäisi kääntää.',
      'Kuulosti roolin vertaiselta: jokainen asia kehystettiin roolin mittareilla, ja ostaja vastasi samalla kielellä.',
    ],
  },
  'role-value': {
    name: 'Roolille sopiva arvo',
    description: 'Hyödyt ja näytöt, jotka merkitsevät jotain juuri tälle ihmiselle eivätkä jollekulle muulle yrityksessä.',
    anchors: [
      'Arvoa ei tuotu esiin, tai se oli tärkeää jollekin toiselle roolille.',
      'Yleisiä hyötyjä (”se säästää aikaa”), joita ei kytketty rooliin.',
      'Yksi hyöty kytkettiin siihen, millä tätä roolia mitataan.',
      'Hyödyt kytkettiin roolin tavoitteisiin ja hänen ympärillään olevien ihmisten huoliin.',
      'Roolille osuva näyttö (hänen kaltaisensa asiakas, luku), ja ostaja myönsi, että sillä on hänelle merkitystä.',
    ],
  },
  adapting: {
    name: 'Mukautuminen ostajaan',
    description: 'Tahti ja syvyys sovitetaan siihen, miten tämä persoona reagoi.',
    anchors: [
      'Sama tahti ja yksityiskohtaisuus, teki ostaja mitä tahansa.',
      'Huomasi kärsimättömyyden tai hämmennyksen mutta ei muuttanut lähestymistapaa.',
      'Muutti yksityiskohtaisuutta kerran, kun ostaja antoi siitä merkin (lyhyemmin johtajalle, syvemmin asiantuntijalle).',
      'Sovitti tahdin ja syvyyden rooliin koko ajan ja tarkisti, oliko taso oikea.',
      'Luki vihjeet ajoissa, rakensi asialistan niiden mukaan, ja ostaja sanoi tai näytti, että aika oli hyvin käytetty.',
    ],
  },
  'hearing-out': {
    name: 'Vastaväitteen kuunteleminen loppuun',
    description: 'Ostaja saa puhua loppuun, ja huoli kuitataan ennen vastaamista.',
    anchors: [
      'Keskeytti tai alkoi vastata ennen kuin ostaja oli puhunut loppuun.',
      'Antoi ostajan puhua loppuun mutta vastasi heti ilman taukoa.',
      'Antoi ostajan puhua loppuun, piti tauon ja kuittasi huolen myöntelemättä tai väittelemättä.',
      'Kuittasi huolen ja toisti sen ostajan sanoin varmistaen, että ymmärsi oikein.',
      'Rauhallinen ja utelias; ostaja kertoi huolestaan enemmän sen takia, miten se otettiin vastaan.',
    ],
  },
  'root-cause': {
    name: 'Taustalla olevan huolen löytäminen',
    description: 'Todellinen huoli esitetyn vastaväitteen takana.',
    anchors: [
      'Otti vastaväitteen sellaisenaan eikä kysynyt siitä mitään.',
      'Yksi kysymys, sitten suoraan vastaukseen.',
      'Vähintään yksi avoin kysymys, joka toi esiin todellisen huolen (esimerkiksi ”liian kallis” tarkoittikin epäselvää arvoa).',
      'Erotti esitetyn vastaväitteen taustalla olevasta ja varmisti ostajalta, kumpi painoi enemmän.',
      'Löysi todellisen huolen ja sen, oliko se ainoa este (”Jos saisimme sen ratkaistua, olisitteko valmiita…?”).',
    ],
  },
  answer: {
    name: 'Vastaaminen väittelemättä',
    description: 'Rauhallinen vastaus todelliseen huoleen ja tälle ostajalle sopiva näyttö.',
    anchors: [
      'Väitteli, kiisti ostajan sanoman tai laski hintaa saman tien.',
      'Yleinen ominaisuuslista tai opeteltu fraasi, joka ei vastannut huoleen.',
      'Asiaankuuluva vastaus varsinaiseen huoleen, rauhallisesti annettuna.',
      'Ostajalle sopiva näyttö (luku, asiakas, kokeilu), joka kytkettiin takaisin hänen ongelmaansa.',
      'Johdatti ostajan vastaukseen kysymysten ja näytön avulla; ostaja sanoi huolen ratkenneen.',
    ],
  },
  confirming: {
    name: 'Sen varmistaminen, että huoli on ratkaistu',
    description: 'Varmistetaan, että huoli on käsitelty, ennen kuin jatketaan.',
    anchors: [
      'Jatkoi eteenpäin tarkistamatta.',
      '”Kuulostaako järkevältä?”, ja jatkoi vastauksesta riippumatta.',
      'Kysyi, vastasiko vastaus huoleen.',
      'Varmisti, että huoli oli ratkaistu, ja kysyi, onko tiellä vielä jotain muuta.',
      'Varmisti, kysyi muista huolista ja muutti ratkaisun sovituksi seuraavaksi askeleeksi.',
    ],
  },
};

/** The shipped personas in Finnish, by id. Names are people's names and stay as they are. */
export const personasFi: Record<string, { role: string; company: string; situation: string; pains: string[]; objections: string[]; uncover: string[] }> = {
  'builtin-cfo-maria': {
    role: 'Talousjohtaja',
    company: 'Nordfrakt, logistiikkayritys, 600 työntekijää neljässä maassa',
    situation:
      'Hallitus on pyytänyt tälle vuodelle kaksi prosenttiyksikköä lisää liikevoittoa. Maria jäädytti uudet ohjelmistohankinnat kolmannen neljänneksen budjettikierrokseen asti ja karsii toimittajia. Hän on terävä, kohtelias ja kiireinen, ja hän on polttanut näppinsä taloushankkeeseen, joka myöhästyi vuoden.',
    pains: [
      'Kuukauden vaihteen kirjanpidon sulkeminen kestää kaksitoista työpäivää; päätökset odottavat lukuja, jotka ovat jo vanhoja',
      'Ennusteet tehdään taulukoissa, joita kolme ihmistä ylläpitää käsin',
      'Yrityksen kolme työkalua menevät päällekkäin, eikä kukaan osaa sanoa, mitä kukin maksaa käyttäjää kohden',
    ],
    objections: [
      'Jäädytimme uudet ohjelmistohankinnat kolmanteen neljännekseen asti.',
      'ERP-toimittajamme sanoo, että heidän seuraava versionsa tekee tämän.',
      'Näyttäkää takaisinmaksuaika kuukausina, älkää kalvolla.',
    ],
    uncover: [
      'Mitä hidas kirjanpidon sulkeminen maksaa: ylitöitä, myöhästyneitä hinnoittelupäätöksiä, tuntilaskutusta tekevä tilintarkastaja',
      'Että jäädytykseen on poikkeusmenettely, ja kuka poikkeuksen voi hyväksyä',
      'Kuka vastaa toimittajien karsimisesta ja mitä ”karsittu” tarkoittaa hallitukselle',
      'Mikä myöhästyneessä taloushankkeessa meni pieleen ja mitä hänen pitäisi nähdä voidakseen luottaa suunnitelmaan',
    ],
  },
  'builtin-it-jonas': {
    role: 'IT-päällikkö',
    company: 'Caremo, yksityinen terveyspalveluyritys, 2 000 työntekijää',
    situation:
      'Jonas johtaa kuuden hengen tiimiä. Keväällä tietoturvatarkastus löysi puutteita käyttöoikeuksien hallinnasta, ja korjausten on oltava valmiina ennen marraskuun seuraavaa tarkastusta. Integraatiojonossa on neljäkymmentä tikettiä, ja jokainen liiketoiminnan ostama uusi työkalu päätyy sinne.',
    pains: [
      'Tarkastushavainnot siitä, kuka näkee potilastietoihin liittyvää dataa, ja ehdoton määräaika',
      'Osastot ostavat työkaluja omin päin, ja IT kuulee niistä vasta, kun jokin menee rikki',
      'Kuusi ihmistä, neljäkymmentä integraatiotikettiä, ja kaksi kuudesta on syksyllä vanhempainvapaalla',
    ],
    objections: [
      'Meillä ei ole tänä vuonna kapasiteettia integroida uutta työkalua.',
      'Missä data säilytetään? Tarvitsemme EU-hostauksen ja allekirjoitetun tietojenkäsittelysopimuksen ennen mitään muuta.',
      'Ilman kertakirjautumista tästä ei tule mitään.',
    ],
    uncover: [
      'Marraskuun tarkastuspäivä ja mitä tapahtuu, jos havainnot ovat yhä auki',
      'Mitä identiteetinhallintaa he käyttävät ja kuka hänen tiimistään omistaisi integraation',
      'Miten heidän tietoturvatarkastuksensa etenee, kuka sen hyväksyy ja kauanko se yleensä kestää',
      'Kuka liiketoiminnassa ajaa ratkaisua, jotta IT ei kanna sitä yksin',
    ],
  },
  'builtin-vp-sales-priya': {
    role: 'Myyntijohtaja',
    company: 'Lumora, kasvuvaiheen ohjelmistoyritys, 150 työntekijää',
    situation:
      'Lumora jäi myyntitavoitteestaan kaksi neljännestä peräkkäin ja palkkasi uuden kaupallisen johtajan, joka raportoi hallitukselle perehdytysajasta ja ennusteiden osuvuudesta. Priyalle aloittaa kahdeksan uutta myyjää ennen kuuden viikon päästä pidettävää myynnin kick-offia.',
    pains: [
      'Uusilla myyjillä kestää seitsemän kuukautta päästä täyteen tavoitteeseen',
      'Maanantain ennustepalaveri kestää kaksi tuntia ja menee silti pieleen kahdellakymmenellä prosentilla',
      'Parhaat myyjät ovat liian kiireisiä kauppojen kanssa auttaakseen uusia',
    ],
    objections: [
      'Myyjäni eivät ota käyttöön enää yhtään työkalua.',
      'Kokeilimme jotain tällaista kaksi vuotta sitten, eikä kukaan kirjautunut kuukauden jälkeen.',
      'Saatteko tämän käyttöön ennen kick-offia? Jos ette, se siirtyy ensi vuoteen.',
    ],
    uncover: [
      'Millä uusi kaupallinen johtaja mittaa häntä ja mihin mennessä',
      'Mitä kuukauden hitaampi perehdytys maksaa: myyjäkohtainen tavoite kertaa menetetyt kuukaudet',
      'Miksi edellinen työkalu epäonnistui: esihenkilöt eivät olleet mukana, aikaa ei varattu, vai ratkaistiin väärää ongelmaa',
      'Kenen muun pitää sanoa kyllä: kaupallinen johtaja, myynnin operatiivinen tiimi, talous',
    ],
  },
  'builtin-ops-tomi': {
    role: 'Tuotannonsuunnittelupäällikkö (se, joka käyttäisi tuotettasi joka päivä)',
    company: 'Kivimetalli, kolmessa vuorossa toimiva metalliosatehdas, 280 työntekijää',
    situation:
      'Tomi suunnittelee kolmen tuotantolinjan vuorot. Hän on käytännön ihminen, vähän kyllästynyt konsultteihin, eikä hän päätä budjetista: sen tekee tehtaanjohtaja Anneli. Jos Tomi pitää jostain, hän ajaa sitä; jos ei, asia hiipuu hiljaa.',
    pains: [
      'Seuraavan viikon suunnittelu vie koko perjantai-iltapäivän taulukossa, jota vain hän ymmärtää',
      'Sairastumisilmoitus kello viisi aamulla tarkoittaa, että hän soittaa ihmisille yksi kerrallaan vuoron täyttämiseksi',
      'Ylityövirheet päätyvät palkanlaskentaan, ja hän käyttää maanantait niiden korjaamiseen',
    ],
    objections: [
      'Minulla ei ole aikaa opetella mitään uutta.',
      'Toimiiko se hallin tableteilla hanskat kädessä?',
      'Se ei ole minun päätökseni, puhu Annelin kanssa.',
    ],
    uncover: [
      'Miltä tavallinen perjantai näyttää tunti tunnilta ja mitä hän tekisi vapautuneella ajalla',
      'Mitä suunnittelulle tapahtuu, kun Tomi on lomalla',
      'Mikä Annelille on tärkeää (ylityökustannukset, toimitusvarmuus) ja miten Tomi voisi viedä asian hänelle',
      'Mikä saisi hänet näyttämään hyvältä tehtaanjohtajan silmissä',
    ],
  },
  'builtin-procurement-sofia': {
    role: 'Kategoriapäällikkö, epäsuorat hankinnat',
    company: 'Verde Retail, 120 myymälän ketju',
    situation:
      'Sofia vetää virallista kilpailutusta, jossa on kolme jatkoon päässyttä toimittajaa. Häntä mitataan budjettiin nähden saaduilla säästöillä ja sopimusehdoilla. Hän noudattaa prosessia pilkuntarkasti eikä pidä siitä, että toimittajat kiertävät hänet ja menevät suoraan liiketoiminnan puheille.',
    pains: [
      'Liiketoiminta ottaa hänet mukaan vasta, kun toimittaja on jo valittu',
      'Aiempien vuosien sopimukset uusiutuivat automaattisesti hinnankorotuksin, joita kukaan ei huomannut',
      'Säästötavoitteet, jotka eivät ota huomioon, mitä liiketoiminta oikeasti tarvitsee',
    ],
    objections: [
      'Kilpailijanne on kolmekymmentä prosenttia halvempi.',
      'Tarvitsemme kolmen vuoden hintalukon.',
      'Vastatkaa ensin tarjouspyyntöön. Ei tapaamisia liiketoiminnan kanssa ennen kuin jatkoon päässeet on päätetty.',
    ],
    uncover: [
      'Arviointikriteerit ja niiden painotukset (hinta on harvoin 100 %)',
      'Kuka on liiketoiminnan puolelta hankkeen omistaja ja mitä hänen pitää hankkeella saavuttaa',
      'Päätöspäivä ja mitä sen jälkeen tapahtuu: juristit, tietoturva, allekirjoitus',
      'Miten hänen säästönsä lasketaan, jotta parempi diili hänelle ei ole vain alhaisempi listahinta',
    ],
  },
  'builtin-founder-daniel': {
    role: 'Perustaja ja toimitusjohtaja',
    company: 'Brightside, 40 hengen digitoimisto',
    situation:
      'Daniel päättää nopeasti ja yksin, vastaa sähköposteihin kesken palaverien ja seuraa kassaa tarkasti. Kasvu pysähtyi tänä vuonna, kun kaksi asiakasta lähti myöhästyneiden toimitusten takia. Hän suostui puheluun, koska ystävä suositteli sinua.',
    pains: [
      'Jokainen hyväksyntä kulkee hänen kauttaan, ja hän on pullonkaula',
      'Kaksi asiakasta lähti toimitusviiveiden takia, joita kukaan ei nähnyt tulevan',
      'Hän ei tiedä, mitkä projektit tuottavat, ennen kuin neljännes on ohi',
    ],
    objections: [
      'Lähetä vain hinta.',
      'Olemme liian pieniä tällaiseen.',
      'Mietin asiaa ja palaan sinulle.',
    ],
    uncover: [
      'Hänen kasvutavoitteensa tälle vuodelle ja mikä on sen tiellä',
      'Mihin hän itse käyttää viikkonsa ja toivoisi, ettei tarvitsisi',
      'Mitä asiakkaan menettäminen maksaa liikevaihtona ja tiimin mielialana',
      'Kenen neuvoihin hän luottaa ennen ostamista (ystävä, joka suositteli sinua, hänen operatiivinen päällikkönsä)',
    ],
  },
};

/** The shipped scenarios in Finnish, by id. */
export const scenariosFi: Record<string, { title: string; setup: string; sellerGoal: string; buyerNotes: string }> = {
  'builtin-discovery-frozen-budget': {
    title: 'Jäädytetty budjetti',
    setup:
      'Ensimmäinen puhelu. Marian controller varasi 30 minuuttia webinaarin jälkeen; Maria on mukana ensimmäiset viisitoista minuuttia ja sanoo sen heti alussa.',
    sellerGoal:
      'Selvitä, mitä hidas kirjanpidon sulkeminen maksaa ja onko hankintajäädytykseen poikkeusmenettelyä. Sovi toinen tapaaminen, johon controller osallistuu.',
    buyerNotes:
      'Aloita varautuneesti ja lyhytsanaisesti. Mainitse kahdentoista päivän sulkeminen vain, jos sinulta kysytään kuukauden vaihteesta tai raportoinnista. Mainitse hallituksen kannattavuustavoite vain, jos sinulta kysytään yrityksen tavoitteista. Jos myyjä alkaa esitellä ominaisuuksia viiden ensimmäisen minuutin aikana, vilkaise kelloa ja sano, että sinun pitää kohta lähteä. Lämpene, kun myyjä laskee kanssasi ongelmalle hinnan.',
  },
  'builtin-discovery-audit-deadline': {
    title: 'Tarkastuksen määräaika',
    setup: 'Saapuva liidi. Jonas latasi oppaan käyttöoikeuksien hallinnasta ja suostui 25 minuutin puheluun ”nähdäkseen, mitä te teette”.',
    sellerGoal:
      'Selvitä, mikä sai hänet lataamaan oppaan, mikä määräaika tekee asiasta kiireellisen ja miten heidän tietoturvatarkastuksensa etenee. Sovi, kuka liiketoiminnasta tulee mukaan seuraavalla kerralla.',
    buyerNotes:
      'Sano, että ”vain kartoitat vaihtoehtoja”. Kerro tarkastushavainnoista vain, jos sinulta kysytään, mikä sai sinut selvittämään asiaa; kerro marraskuun päivämäärä vain, jos kysytään aikataulusta tai seurauksista. Vastusta jyrkästi kaikkea, mikä kuulostaa lisätyöltä tiimillesi. Jos myyjä kysyy tiimisi kapasiteetista ennen kuin alkaa myydä, kerro vanhempainvapaista.',
  },
  'builtin-discovery-stalled-ramp': {
    title: 'Jumittunut perehdytys',
    setup: 'Priya suostui puheluun kylmän sähköpostin jälkeen, jossa mainittiin perehdytysaika. Hänellä on 30 minuuttia ja kamera pois päältä.',
    sellerGoal: 'Laske, mitä hidas perehdytys maksaa Lumoralle, selvitä, miksi edellinen työkalu epäonnistui, ja kartoita, kuka muu kuin Priya päättää.',
    buyerNotes:
      'Ole ystävällinen mutta ympäripyöreä (”perehdytys voisi olla parempi”). Kerro seitsemän kuukauden luku, kun sinulta kysytään, kauanko perehdytys nyt kestää. Kerro epäonnistuneesta työkalusta vain, jos kysytään, mitä on kokeiltu aiemmin. Jos myyjä kysyy, mitä uusi kaupallinen johtaja odottaa sinulta, laita kamera päälle: se on sinulle tärkeä kysymys.',
  },
  'builtin-demo-friday-afternoon': {
    title: 'Näytä minun perjantai-iltapäiväni',
    setup:
      'Toinen tapaaminen. Tarvekartoituksessa selvisi, että viikkosuunnittelu vie Tomin perjantain ja että sairastumiset hoidetaan puhelimella. Tomi pyysi saada ”nähdä sen” 20 minuutissa.',
    sellerGoal:
      'Näytä enintään kolme asiaa, kukin kytkettynä Tomin nimeämään ongelmaan, ja tarkista jokaisen jälkeen, miten se osui. Lopuksi Tomi lupaa viedä asian Annelille, ja sovitaan miten.',
    buyerNotes:
      'Keskeytä käytännön kysymyksillä: ”miten tekisin tuon tabletilla?”, ”entä jos kaksi ihmistä sairastuu?”. Jos myyjä näyttää näkymän, jolla ei ole mitään tekemistä viikkosi kanssa, sano ”okei…” ja hiljene. Jos myyjä kysyy, miten selittäisit asian Annelille, kerro, että häntä kiinnostavat ylityökustannukset.',
  },
  'builtin-demo-payback': {
    title: 'Takaisinmaksudemo',
    setup: 'Maria antaa sinulle 20 minuuttia, koska hänen controllerinsa piti ensimmäisestä demosta. Hän haluaa tietää, mitä se on arvoinen, ei sitä, miten se toimii.',
    sellerGoal:
      'Kytke jokainen näkymä rahaan tai riskiin Marian omin luvuin (kahdentoista päivän sulkeminen, taulukkoennusteet). Lopuksi sovitaan, että liiketoimintaperustelu rakennetaan yhdessä.',
    buyerNotes:
      'Kysy ”ja paljonko se säästää meille?” jokaisen ominaisuuden jälkeen, jota ei ole kytketty lukuun. Vaikutu vain takaisinmaksusta, jonka voit tarkistaa itse. Jos myyjä kysyy, mitä oletuksia haluaisit testata, tarjoa controllerisi aikaa.',
  },
  'builtin-demo-technical-room': {
    title: 'Demo, jossa IT on paikalla',
    setup: 'Hankkeen omistaja liiketoiminnasta kutsui Jonasin demoon viime hetkellä. Hänellä on lista teknisiä kysymyksiä eikä juuri kärsivällisyyttä markkinointipuheelle.',
    sellerGoal:
      'Vastaa kertakirjautumista, hostausta ja integraatioita koskeviin kysymyksiin suoraan, siirrä syvälliset kysymykset jatkopalaveriin oikeiden ihmisten kanssa ja pidä demo liiketoiminnan ongelmassa. Sovi tietoturvatarkastus seuraavaksi askeleeksi.',
    buyerNotes:
      'Kysy kertakirjautumisesta kolmen ensimmäisen minuutin aikana ja sitten siitä, missä data on. Jos myyjä bluffaa, kaiva yksityiskohtia. Jos hän sanoo ”selvitän ja lähetän vastauksen torstaihin mennessä” ja kirjaa sen ylös, rentoudu ja anna hänen jatkaa.',
  },
  'builtin-personas-cfo-chair': {
    title: 'Puhu kuin talousjohtaja',
    setup: '15 minuutin aika, jonka Maria antoi sinulle kahden hallituspalaverin valmistelun välissä.',
    sellerGoal:
      'Kysy talousjohtajan kielellä: kassa, kate, riski, ajoitus. Vältä tuotetermejä kokonaan. Selvitä, mihin hallituksen tavoitteista tuotteesi liittyy.',
    buyerNotes:
      'Vastaa ominaisuuksia koskeviin kysymyksiin ”tiimini voi katsoa sitä”. Vastaa katetta, riskiä tai hallitusta koskeviin kysymyksiin yksityiskohtaisesti ja kiinnostuneesti. Laske, kuinka monta tuotesanaa myyjä käyttää, ja mainitse siitä lopuksi, jos niitä oli paljon.',
  },
  'builtin-personas-end-user': {
    title: 'Käyttäjä, joka päättää enemmän kuin sanoo',
    setup: 'Tapaat Tomin tehtaan lattialla vuorojen välissä, 15 minuuttia, seisaaltaan.',
    sellerGoal:
      'Kysy, mikä on tärkeää päivittäiselle käyttäjälle (aika, vaiva, hyvältä näyttäminen), ei budjetin haltijalle. Selvitä, mikä saisi Tomin ajamaan muutosta johtajalleen.',
    buyerNotes:
      'Sano alkuun, että ”se ei ole minun päätökseni”. Jos myyjä hyväksyy sen ja pyytää Annelin numeroa, lopeta keskustelu kohteliaasti. Jos hän kysyy perjantaistasi ja lomistasi, avaudu ja sano, että jos se oikeasti pelastaisi perjantaisi, veisit sen itse Annelille.',
  },
  'builtin-personas-procurement': {
    title: 'Hankintaportin läpi',
    setup: 'Sofia kutsui sinut tarkentavaan puheluun kesken kilpailutuksen. Hankkeen omistaja liiketoiminnasta ei ole mukana.',
    sellerGoal:
      'Selvitä arviointikriteerit ja niiden painotukset sekä se, miten Sofian säästöt lasketaan, ja ansaitse hyväksytty tapa puhua hankkeen omistajan kanssa kiertämättä häntä.',
    buyerNotes:
      'Pidä kiinni prosessista. Jos myyjä pyytää ”vain pikaista juttutuokiota” liiketoiminnan kanssa, viilene. Jos hän kysyy, miltä hyvä lopputulos näyttää sinulle henkilökohtaisesti, kerro säästötavoitteesta. Jos hän ehdottaa yhteistä tapaamista, jossa olet mukana, suostu.',
  },
  'builtin-objection-cheaper-competitor': {
    title: 'Kilpailijanne on kolmekymmentä prosenttia halvempi',
    setup: 'Viimeinen neuvottelupuhelu. Sofia aloittaa kilpailijan hinnalla.',
    sellerGoal: 'Kuuntele vastaväite loppuun, selvitä, mitä tarkalleen verrataan, ja vastaa väittelemättä ja antamatta alennusta viiden ensimmäisen minuutin aikana.',
    buyerNotes:
      'Toista ”kolmekymmentä prosenttia” aina, kun myyjä puolustaa hintaa. Jos myyjä kysyy, mitä toiseen tarjoukseen sisältyy, myönnä, että käyttöönotto laskutetaan siinä erikseen. Arvosta myyjää, joka pitää hinnan ja tarjoutuu muuttamaan laajuutta sen sijaan.',
  },
  'builtin-objection-send-price': {
    title: 'Lähetä vain hinta',
    setup: 'Daniel vastaa soittoosi kävellessään palaveriin.',
    sellerGoal:
      'Kuittaa pyyntö, ansaitse kaksi minuuttia ymmärtääksesi, mihin hintaa pitää verrata, ja sovi lyhyt jatkopuhelu sähköpostilla lähetettävän hinnaston sijaan.',
    buyerNotes:
      'Sano ”lähetä vain hinta” kahdesti. Jos myyjä lähettää sen kysymättä mitään, kiitä ja lopeta puhelu: et koskaan vastaa. Jos hän kysyy, mihin vertaisit sitä, mainitse kaksi lähtenyttä asiakasta.',
  },
  'builtin-open-busy-founder': {
    title: 'Vapaa harjoitus: kiireinen perustaja',
    setup: '20 minuutin puhelu, johon Daniel suostui, koska ystävä suositteli sinua. Käytä sitä tämän viikon painopisteeseen, oli se mikä tahansa.',
    sellerGoal: 'Harjoittele tämän viikon painopistettä ostajan kanssa, joka on hajamielinen ja päättää nopeasti. Sovi selkeä seuraava askel.',
    buyerNotes:
      'Vilkuile puhelintasi aina välillä. Vastaa yleisiin kysymyksiin lyhyesti ja kasvua, lähteneitä asiakkaita tai omaa viikkoasi koskeviin kysymyksiin pitkästi. Päätä saman tien, jos myyjä ansaitsee sen.',
  },
};
