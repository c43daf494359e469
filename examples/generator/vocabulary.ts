// Word lists for the example data: names of trade customers, people, places, products and
// suppliers in Germany, the Netherlands and Austria. All companies and people are fictional.
export type Country = 'DE' | 'NL' | 'AT';
export const COUNTRIES: readonly Country[] = ['DE', 'NL', 'AT'];

// German-language lists serve DE and AT (same positions, so names stay unique across both);
// the umlauts and ß are on purpose: they are what ERP exports transliterate.
export const GERMAN_SURNAMES = [
  'Müller', 'Schröder', 'Köhler', 'Jäger', 'Krämer', 'Hübner', 'Schäfer', 'Günther', 'Löffler', 'Förster',
  'Weiß', 'Groß', 'Strauß', 'Böhm', 'Möller', 'Fröhlich', 'Gärtner', 'Kühn', 'Brückner', 'Schütz',
  'Huber', 'Gruber', 'Wagner', 'Pichler', 'Steiner', 'Moser', 'Mayer', 'Hofer', 'Leitner', 'Berger',
  'Fuchs', 'Eder', 'Schmid', 'Winkler', 'Weber', 'Schneider', 'Fischer', 'Becker', 'Hoffmann', 'Koch',
  'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange',
  'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Schulz', 'Maier', 'Köller', 'Dörr', 'Götz',
];
export const DUTCH_SURNAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
  'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
  'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen',
  'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn', 'de Bruin', 'van der Heijden', 'Schouten', 'van Beek', 'Willems', 'van Vliet',
  'van de Ven', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'van Dam', 'van der Wal', 'Prins', 'Blom', 'Huisman',
  'Peeters', 'de Lange', 'Kuipers', 'van Wijk', 'Kramer', 'van der Laan', 'Postma', 'Scholten', 'Martens', 'Vink',
];
export const GERMAN_TRADES = [
  'Elektrotechnik', 'Haustechnik', 'Gebäudetechnik', 'Kältetechnik', 'Metallbau', 'Sanitär', 'Heizungsbau', 'Dachdeckerei', 'Bürotechnik', 'Werkstätten',
  'Maschinenbau', 'Fahrzeugbau', 'Holzbau', 'Fensterbau', 'Bauunternehmung', 'Installationen', 'Industrieservice', 'Anlagenbau', 'Gebäudereinigung', 'Tischlerei',
  'Schlosserei', 'Malerbetrieb', 'Fliesenhandel', 'Klimatechnik', 'Landtechnik', 'Stahlbau', 'Elektro', 'Baustoffe', 'Facility Services', 'Hausverwaltung',
];
export const DUTCH_TRADES = [
  'Elektrotechniek', 'Installatietechniek', 'Bouw', 'Koeltechniek', 'Metaalbewerking', 'Sanitair', 'Verwarming', 'Dakwerken', 'Kantoortechniek', 'Werkplaats',
  'Machinebouw', 'Carrosseriebouw', 'Houtbouw', 'Kozijnen', 'Aannemersbedrijf', 'Installaties', 'Industrieel Onderhoud', 'Montage', 'Schoonmaak', 'Timmerwerken',
  'Constructie', 'Schilders', 'Tegelhandel', 'Klimaattechniek', 'Agrotechniek', 'Staalbouw', 'Elektro', 'Bouwmaterialen', 'Facilitair', 'Vastgoedbeheer',
];
export const GERMAN_QUALIFIERS = ['Nord', 'Süd', 'West', 'Ost', 'Mitte', 'Rhein', 'Ruhr', 'Main', 'Alpen', 'Donau', 'Weser', 'Elbe'];
export const DUTCH_QUALIFIERS = ['Noord', 'Zuid', 'West', 'Oost', 'Midden', 'Holland', 'Brabant', 'Limburg', 'Twente', 'Gelre', 'Utrecht', 'Zeeland'];

export const LEGAL_FORMS: Record<Country, readonly (readonly [string, number])[]> = {
  DE: [['GmbH', 60], ['GmbH & Co. KG', 20], ['KG', 8], ['e.K.', 7], ['AG', 5]],
  NL: [['B.V.', 80], ['V.O.F.', 15], ['N.V.', 5]],
  AT: [['GmbH', 70], ['KG', 15], ['OG', 10], ['e.U.', 5]],
};

/** City, telephone area code and the range postcodes are drawn from. */
export const CITIES: Record<Country, readonly (readonly [string, string, number, number])[]> = {
  DE: [
    ['Dortmund', '231', 44000, 44388], ['Essen', '201', 45000, 45359], ['Düsseldorf', '211', 40000, 40629], ['Köln', '221', 50000, 51149],
    ['Münster', '251', 48000, 48167], ['Bochum', '234', 44700, 44894], ['Hannover', '511', 30000, 30669], ['Frankfurt am Main', '69', 60000, 65936],
    ['Hamburg', '40', 20000, 22769], ['Leipzig', '341', 4000, 4357], ['Nürnberg', '911', 90000, 90491], ['Stuttgart', '711', 70000, 70629],
    ['Mönchengladbach', '2161', 41000, 41239], ['Würzburg', '931', 97000, 97084], ['Osnabrück', '541', 49000, 49090], ['Bielefeld', '521', 33000, 33739],
  ],
  NL: [
    ['Venlo', '77', 5900, 5929], ['Eindhoven', '40', 5600, 5658], ['Rotterdam', '10', 3000, 3089], ['Utrecht', '30', 3500, 3585],
    ['Nijmegen', '24', 6500, 6546], ['Tilburg', '13', 5000, 5049], ['Arnhem', '26', 6800, 6846], ['Amsterdam', '20', 1000, 1109],
    ['Den Bosch', '73', 5200, 5249], ['Maastricht', '43', 6200, 6229],
  ],
  AT: [
    ['Linz', '732', 4020, 4040], ['Wien', '1', 1010, 1230], ['Graz', '316', 8010, 8063], ['Salzburg', '662', 5020, 5071],
    ['Wels', '7242', 4600, 4600], ['Innsbruck', '512', 6020, 6080], ['St. Pölten', '2742', 3100, 3107], ['Steyr', '7252', 4400, 4407],
  ],
};

export const GERMAN_FIRST_NAMES = ['Thomas', 'Andreas', 'Michael', 'Stefan', 'Sabine', 'Claudia', 'Petra', 'Jürgen', 'Markus', 'Anja', 'Katrin', 'Frank', 'Björn', 'Jörg', 'Susanne', 'Martina', 'Florian', 'Lukas', 'Julia', 'Sarah'];
export const DUTCH_FIRST_NAMES = ['Jan', 'Pieter', 'Kees', 'Sanne', 'Anouk', 'Bram', 'Lotte', 'Daan', 'Femke', 'Ruud', 'Marieke', 'Joost', 'Inge', 'Sven', 'Eva', 'Thijs', 'Maarten', 'Lieke', 'Wouter', 'Noor'];

export const ACCOUNT_MANAGERS = [
  'j.schulte', 'm.peters', 'a.krause', 'b.vos', 'c.hofbauer', 'd.lindner', 'e.smeets', 'f.berger', 'g.aydin', 'h.kramer', 'i.novak', 'k.maas',
].map((n) => `${n}@northwind.example`);

export interface CategorySpec {
  id: string;
  nouns: readonly string[];
  specs: readonly string[];
  units: readonly string[];
  priceMedian: number;
  weightMedian: number;
}

export const CATEGORIES: readonly (readonly [CategorySpec, number])[] = [
  [{ id: 'tools', nouns: ['Schlagbohrmaschine', 'Akku-Schrauber', 'Winkelschleifer', 'Wasserwaage', 'Zangen-Set', 'Hammer', 'Bit-Satz', 'Stichsäge'], specs: ['18V', '750W', '1200W', '60cm', '8-tlg.', '500g', '32-tlg.', 'Pro'], units: ['pc', 'set'], priceMedian: 45, weightMedian: 1.2 }, 18],
  [{ id: 'fasteners', nouns: ['Holzschrauben', 'Dübel', 'Sechskantschrauben', 'Unterlegscheiben', 'Gewindestangen', 'Blindnieten', 'Spanplattenschrauben'], specs: ['4x40', '6x60', 'M8x50', 'M10', 'A2', 'verzinkt', '5x80'], units: ['box', 'pack'], priceMedian: 9, weightMedian: 0.6 }, 20],
  [{ id: 'electrical', nouns: ['Installationskabel', 'Schuko-Steckdose', 'LED-Panel', 'Sicherungsautomat', 'Verteilerdose', 'Kabelbinder', 'FI-Schalter'], specs: ['NYM-J 3x1,5', '16A', '40W', 'B16', 'IP65', '300mm', '40A 30mA'], units: ['pc', 'roll', 'pack'], priceMedian: 18, weightMedian: 0.4 }, 15],
  [{ id: 'plumbing', nouns: ['Kupferrohr', 'Pressfitting', 'Kugelhahn', 'Siphon', 'Flexschlauch', 'Rohrschelle'], specs: ['15mm', '22mm', '1/2"', 'DN50', '500mm', 'verchromt'], units: ['pc', 'm'], priceMedian: 14, weightMedian: 0.5 }, 12],
  [{ id: 'safety', nouns: ['Schutzhandschuhe', 'Schutzbrille', 'Gehörschutz', 'Warnweste', 'Sicherheitsschuhe', 'Atemschutzmaske'], specs: ['Gr. 9', 'EN 166', 'SNR 30', 'EN ISO 20471', 'S3', 'FFP2'], units: ['pair', 'pc', 'box'], priceMedian: 12, weightMedian: 0.3 }, 10],
  [{ id: 'packaging', nouns: ['Stretchfolie', 'Klebeband', 'Faltkarton', 'Luftpolsterfolie', 'Umreifungsband'], specs: ['500mm', '50mm x 66m', '400x300x200', '1m x 100m', '12mm'], units: ['roll', 'pack'], priceMedian: 11, weightMedian: 2.0 }, 10],
  [{ id: 'cleaning', nouns: ['Industriereiniger', 'Handwaschpaste', 'Putzlappen', 'Papierhandtücher', 'Desinfektionsmittel'], specs: ['10 l', '500 ml', '10 kg', '2-lagig', '5 l'], units: ['pc', 'l', 'kg', 'pack'], priceMedian: 16, weightMedian: 3.0 }, 8],
  [{ id: 'office', nouns: ['Kopierpapier', 'Ordner', 'Etiketten', 'Toner', 'Kugelschreiber'], specs: ['A4 80g', '80mm', '70x36', 'schwarz', 'blau'], units: ['pack', 'box', 'pc'], priceMedian: 8, weightMedian: 1.0 }, 7],
];

export const BRANDS = ['Hansa', 'Nordstern', 'Rheinkraft', 'Alpina Pro', 'Vanderfeld', 'Lindwerk', 'Polderman', 'Tauern', 'Kesselring', 'Werkmeister', 'Zwaluw', 'Donauwerk'];

export const SUPPLIER_WORDS = ['Hansa', 'Rheinkraft', 'Lindwerk', 'Kesselring', 'Tauern', 'Polderman', 'Werkmeister', 'Donauwerk', 'Nordstern', 'Vanderfeld', 'Zwaluw', 'Alpina', 'Eisenwerk', 'Ostwind', 'Delta', 'Orion'];
export const SUPPLIER_KINDS = ['Werkzeuge', 'Befestigungstechnik', 'Elektrogroßhandel', 'Verpackung', 'Industriebedarf', 'Arbeitsschutz', 'Armaturen', 'Logistik', 'Fasteners', 'Tools'];

/** Ticket subjects by category and language, some with commas. `{o}` is an order id. */
export const TICKET_SUBJECTS: Record<string, Record<'de' | 'nl' | 'en', readonly string[]>> = {
  delivery: { de: ['Lieferung {o} noch nicht angekommen', 'Liefertermin {o} bitte bestätigen'], nl: ['Levering {o} nog niet ontvangen'], en: ['Delivery {o} incomplete, 2 cartons missing'] },
  invoice: { de: ['Rechnung zu {o}: falscher Betrag, bitte korrigieren', 'Skonto auf {o} nicht berücksichtigt'], nl: ['Factuur {o} klopt niet'], en: ['Invoice copy for {o} needed'] },
  returns: { de: ['Rücksendung {o}: Ware beschädigt', 'Gutschrift für Retoure {o} fehlt'], nl: ['Retour {o} aanmelden'], en: ['Return label for {o}, wrong item'] },
  product_quality: { de: ['Produktmangel bei {o}'], nl: ['Kwaliteit van {o} onvoldoende'], en: ['Defect product in {o}, please replace'] },
  order_change: { de: ['Bestellung {o} ändern, Menge erhöhen'], nl: ['Bestelling {o} annuleren'], en: ['Order {o}: change delivery address'] },
  account: { de: ['Zugang zum Webshop gesperrt'], nl: ['Nieuwe contactpersoon doorgeven'], en: ['Please update our VAT number'] },
  other: { de: ['Rückruf erbeten'], nl: ['Vraag over openingstijden magazijn'], en: ['General question, price list 2027'] },
};
