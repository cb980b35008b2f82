const words = (list: string): readonly string[] => list.split(/\s+/).filter(Boolean);

// Street vocabulary by the countries whose postal formats the address detector knows. Lower case; matched
// case-insensitively as whole words.

/** Street types written after the name, mostly English (USPS Publication 28 suffixes and UK usage). */
export const STREET_SUFFIXES = words(`
  street st str avenue ave av road rd boulevard blvd lane ln drive dr court ct place pl square sq
  terrace ter terr parkway pkwy highway hwy circle cir crescent cres close cl way wy gardens gdns
  grove gr mews rise walk wharf parade embankment row yard hill hills heights hts trail trl loop path
  pike plaza plz point pt ridge rdg run alley aly arcade bend bluff branch bridge brook brooks bypass
  byp camp canyon cape causeway center centre ctr club common commons corner corners course courts
  cove coves creek crk crest crossing xing crossroad curve dale dam divide drives estate estates
  expressway expy extension ext falls ferry field fields flat flats ford fords forest forge forges
  fork forks fort freeway fwy garden gateway glen glens green greens groves harbor harbour harbors
  haven hollow inlet island islands isle junction jct junctions key keys knoll knolls lake lakes land
  landing lights light lock locks lodge mall manor manors meadow meadows mill mills mission motorway
  mount mountain mountains neck orchard oval overpass park parks pass passage pines plain plains
  points port ports prairie ranch rapids rest ridges river roads route rte shoal shoals shore shores
  skyway spring springs spur squares station stravenue stream streets summit throughway trace track
  trafficway tunnel turnpike tpke underpass union unions valley vly valleys viaduct view views village
  villages ville vista walks wall ways well wells drove chase approach broadway quay promenade
  esplanade boardwalk circus anex annex bayou beach bottom burg burgs centers circles cliff cliffs
  crossroads extensions fall harbors junctions loaf parkways radial ramp spurs trailer circuit concourse
  grange
`);

/**
 * Street types written before the name: French, Spanish (Spain and Latin America), Catalan, Portuguese (Portugal
 * and Brazil), Italian, Polish, Czech, Slovak, Croatian, Slovenian, Romanian.
 */
export const STREET_PREFIXES = words(`
  rue avenue av boulevard bd bld chemin ch allée allee impasse imp place quai route rte cours passage
  square voie sentier faubourg fbg galerie parc parvis drève dreve ruelle promenade esplanade chaussée
  montée cité résidence hameau sente venelle traverse clos rond-point
  calle c cl avenida avda plaza pza paseo pº carrer camino cmno ronda travesía travesia glorieta carretera
  ctra pasaje callejón callejon calzada calz bulevar blvd circuito cerrada privada priv prolongación prol
  andador retorno viaducto periférico periferico eje cra diagonal transversal urbanización
  urbanizacion partida extrarradio jardines colonia
  rua travessa largo praça praca estrada alameda rodovia calçada calcada beco viela azinhaga escadas
  escadinhas acesso ladeira praceta rotunda urbanização loteamento quadra
  via viale piazza piazzale corso vicolo strada contrada borgo lungomare località salita traversa vico
  piazzetta galleria circonvallazione
  ul ulica al aleja aleje os osiedle pl plac rynek skwer bulwar rondo szosa
  náměstí nám třída nábřeží námestie trieda nábrežie trg
  strada str bulevardul calea aleea piața piata șoseaua soseaua splaiul intrarea drumul
`);

/**
 * Street types written as a word of their own after the name, mostly in lower case: Hungarian, Czech, Slovak,
 * Croatian, Slovenian, Latvian, Lithuanian, Estonian ("Kossuth Lajos utca 12", "Tržaška cesta 5", "Brīvības
 * iela 1"). Never an ending: "Professor 5" does not end in the street type "sor".
 */
export const STREET_WORDS_AFTER = words(`
  utca út útja tér köz körút sugárút sor liget lakótelep fasor rakpart
  ulice ulica náměstí nábřeží sady třída cesta trg obala
  iela laukums prospekts gatve šoseja bulvāris
  gatvė prospektas aikštė tänav maantee puiestee
`);

/** Endings of compound street names: German, Dutch, Scandinavian, Finnish ("Hauptstraße 5", "Storgatan 12"). */
export const STREET_ENDINGS = words(`
  straße strasse str. weg gasse allee platz ring damm ufer chaussee steig pfad markt graben hof berg
  zeile gürtel kai stieg anger
  straat laan gracht plein kade singel dijk dreef pad steeg wal gatan vägen väg gränd torget stigen
  backen gata gaten veien vegen vei vej gade allé stræde torv katu tie kuja polku tori väylä kaari
  rinne puistikko ranta straete gässli
  gate plass stien svingen tunet kroken bakken vejen gaden plads vænget lunden allén leden platsen
  stråket slingan gången aukio raitti piha
`);

/** Secondary unit designators (apartment, suite, floor) in the same languages. */
export const UNITS = words(`
  apt apartment suite ste unit flat floor fl room rm bldg building dept lot piso puerta pta escalera
  esc planta etage étage stock og app appt appartement bât bâtiment scala interno int bus lgh lok m as
  casa lote apto bloco sobrado edificio edif depto dpto andar sala loja oppgang leil zimmer
  verdieping apartma byt
`);

/** Words that say an address follows: "Address:", "lives at", "ship to". */
export const ADDRESS_LABELS = words(`
  address addr home mailing billing shipping postal street residence adresse anschrift wohnhaft
  dirección direccion domicilio indirizzo residenza adres woonadres adress bostadsadress osoite
  zamieszkania morada endereço
`);

export const US_STATES = words(`
  AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
  NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AB BC MB NB NL NS NT NU ON PE QC SK
  YT
`);
