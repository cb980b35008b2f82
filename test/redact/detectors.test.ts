import { createRedactor, redactText, type EntityType } from '../../lib/redact';
import { tokenize } from '../../lib/redact/detectors/person';

// One redactor for the file: the word lists load once.
const redactor = createRedactor();

/** The substrings found, with their types. */
function found(text: string): [EntityType, string][] {
  return redactor.find(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}

function expectFound(type: EntityType, text: string, value: string): void {
  expect(found(text)).toContainEqual([type, value]);
}

function expectNone(type: EntityType, text: string): void {
  expect(found(text).filter(([t]) => t === type)).toEqual([]);
}

describe('EMAIL', () => {
  it.each([
    ['Write to maria.lopez+news@example.co.uk today.', 'maria.lopez+news@example.co.uk'],
    ['<j_o-b@sub.example.org>', 'j_o-b@sub.example.org'],
    ['Mail: jürgen.müller@beispiel.de.', 'jürgen.müller@beispiel.de'],
  ])('finds %s', (text, value) => expectFound('EMAIL', text, value));

  it.each(['see @maria on chat', 'user@localhost', 'git@github', 'a decorator @Injectable()'])(
    'leaves %s alone',
    (text) => expectNone('EMAIL', text),
  );
});

describe('PHONE', () => {
  it.each([
    ['Call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['Tel. (415) 555-2671', '(415) 555-2671'],
    ['Phone: 030 12345678', '030 12345678'],
    ['ring 0049 30 1234567 tomorrow', '0049 30 1234567'],
    ['Mobile: 06 12 34 56 78', '06 12 34 56 78'],
    ['reach me at 415.555.2671 ext. 12', '415.555.2671 ext. 12'],
    ['+33 1 42 68 53 00 (bureau)', '+33 1 42 68 53 00'],
    ['llama al 912 345 678', '912 345 678'],
    ['office (+41) 446681800', '(+41) 446681800'],
    ['Ring +44 (0) 20 7946 0958 today', '+44 (0) 20 7946 0958'],
    ['desk 527 824 342 ext. 8820', '527 824 342 ext. 8820'],
    ['line 0311 234567 x12', '0311 234567 x12'],
    // After a phone cue: local numbers of six digits, digits in one run, calling codes of any plan.
    ['Witness: Jadran Macanić, phone 808 005.', '808 005'],
    ['New email: a@example.net; new number: 979098. Moved', '979098'],
    ['Witness: Cousin, Magali, phone 69744553.', '69744553'],
    ['My direct line is +385795179 or by email', '+385795179'],
    ['AGENT: And a callback number?\nCALLER: 027 480 276\nAGENT: Thanks', '027 480 276'],
    ['You can reach me at 155457 x8553 / me@example.com', '155457 x8553'],
    ['Phone: 974-151-797', '974-151-797'], // 3-3-3 passes the SIN Luhn check, but no SIN is named
    ['tel. +49 067 289 67252.', '+49 067 289 67252'], // passes Luhn like a card, but "+" makes it a phone
  ])('finds %s', (text, value) => expectFound('PHONE', text, value));

  it.each([
    ['Phone: 974-151-797', 'GOVERNMENT_ID'],
    ['tel. +49 067 289 67252.', 'CARD_NUMBER'],
  ] as [string, EntityType][])('does not call %s a %s', (text, type) => expectNone(type, text));

  it.each([
    'Order 4839201 shipped',
    'released on 2024-01-15',
    'Invoice 20230115 paid',
    'a total of 1,234,567 units',
    'version 10.2.33.4 is out',
    'order 1234567 #2 shipped',
    'screen 1920 x 1080 pixels',
    'Order number: 12345678', // "number" alone is no phone cue
    'batch 808 005 closed', // six digits need a phone cue
    'ticket 69744553 merged', // one run of digits, no cue
    'SMS code 123456 expires', // the cue is not right before the digits
    'Deliver to:\n87526 Reddy Spring\n444 299 Sinnar', // "ring" inside a word is no cue
  ])('leaves %s alone', (text) => expectNone('PHONE', text));
});

describe('CARD_NUMBER', () => {
  it.each([
    ['card 4111 1111 1111 1111 expires', '4111 1111 1111 1111'],
    ['Amex 3782-822463-10005', '3782-822463-10005'],
    ['MC 5555555555554444.', '5555555555554444'],
    ['2-series 2223 0031 2200 3222', '2223 0031 2200 3222'],
    ['printed 4111  1111  1111  1111 on the card', '4111  1111  1111  1111'],
  ])('finds %s', (text, value) => expectFound('CARD_NUMBER', text, value));

  it.each([
    'ref 4111 1111 1111 1112', // Luhn fails
    'ref 1234 5678 9012 3452', // Luhn holds, but no network issues 1xxx
    'mixed 4111 1111-1111 1111', // inconsistent separators
    'wide 4111   1111   1111   1111', // three spaces: columns of a table, not one number
  ])('leaves %s alone', (text) => expectNone('CARD_NUMBER', text));
});

describe('IBAN', () => {
  it.each([
    ['pay to DE89 3704 0044 0532 0130 00 please', 'DE89 3704 0044 0532 0130 00'],
    ['IBAN GB82WEST12345698765432.', 'GB82WEST12345698765432'],
    ['rekening NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR14 2004 1010 0505 0001 3M02 606'],
  ])('finds %s', (text, value) => expectFound('IBAN', text, value));

  it.each(['pay to DE88 3704 0044 0532 0130 00', 'GB82WEST1234569876543', 'XX89370400440532013000'])(
    'leaves %s alone (bad checksum, length or country)',
    (text) => expectNone('IBAN', text),
  );
});

describe('GOVERNMENT_ID', () => {
  it.each([
    ['SSN 536-90-4399', '536-90-4399'],
    ['social security number 536904399', '536904399'],
    ['NINO AB 12 34 56 C', 'AB 12 34 56 C'],
    ['BSN: 111222333', '111222333'],
    ['DNI 12345678Z', '12345678Z'],
    ['NIE X1234567L', 'X1234567L'],
    ['C.F. RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['personnummer 811228-9874', '811228-9874'],
    ['PESEL 44051401359', '44051401359'],
    ['HETU 131052-308T', '131052-308T'],
    ['SIN 046 454 286', '046 454 286'],
    ['Social Insurance Number: 046-454-286', '046-454-286'],
  ])('finds %s', (text, value) => expectFound('GOVERNMENT_ID', text, value));

  // A number the SSA would not issue, written and named as an SSN, is still an identifier (a typo, test data,
  // an ITIN): an identifier, not the phone number it was mistaken for.
  it.each([
    ['SSN 000-12-3456', '000-12-3456'], // area 000
    ['SSN 666-12-3456', '666-12-3456'], // area 666
    ['SSN: 912-34-5678', '912-34-5678'], // area 9xx (an ITIN's area)
    ['social security no. 123-00-4567', '123-00-4567'], // group 00
    ['SSN 123-45-0000', '123-45-0000'], // serial 0000
  ])('finds %s, unissued but named an SSN', (text, value) => {
    expectFound('GOVERNMENT_ID', text, value);
    expect(redactText(text).text).not.toContain('[PHONE]');
  });

  // The numbers the SSA voided after printing them in advertising: SSNs wherever they appear.
  it.each([
    ['The sample card in the wallet read 078-05-1120.', '078-05-1120'],
    ['on file: 219-09-9999', '219-09-9999'],
    ['wrote 457 55 5462 on the form', '457 55 5462'],
    ['SSN 078051120', '078051120'],
  ])('finds %s, a voided advertising SSN, as an identifier', (text, value) => {
    expectFound('GOVERNMENT_ID', text, value);
    expect(redactText(text).text).not.toContain('[PHONE]');
  });

  it.each([
    'order 666-12-3456 shipped', // unissued and not called an SSN
    'batch 123-45-0000 closed',
    'ref 078051120 closed', // compact, no identity keyword
    'ticket 111222333 merged', // 11-proof but no identity context
    'DNI 12345678A', // wrong check letter
    'HETU 131052-308U', // wrong check character
    'PESEL 44051401358', // wrong check digit
    'SIN 046 454 288', // fails Luhn (and the Dutch 11-proof)
    'llama al 046 454 286', // passes the SIN check, but no SIN is named: a Spanish phone number
  ])('leaves %s alone', (text) => expectNone('GOVERNMENT_ID', text));
});

describe('IP_ADDRESS', () => {
  it.each([
    ['from 192.168.10.254, port 22', '192.168.10.254'],
    ['CIDR 10.0.0.0/16 is private', '10.0.0.0/16'],
    ['host 2001:db8::8a2e:370:7334 answered', '2001:db8::8a2e:370:7334'],
    ['loopback ::1 only', '::1'],
    ['Server 10.0.0.12 is up', '10.0.0.12'],
  ])('finds %s', (text, value) => expectFound('IP_ADDRESS', text, value));

  it.each([
    'upgrade to version 1.2.3.4 today',
    'agent v10.0.0.1 released',
    'build 4.1.0.2 fixes it',
    'not an address 999.1.1.1',
    'meeting at 12:30:45',
  ])('leaves %s alone', (text) => expectNone('IP_ADDRESS', text));
});

describe('DATE_OF_BIRTH', () => {
  it.each([
    ['DOB: 12/03/1985, admitted today', '12/03/1985'],
    ['born on 5 March 1990.', '5 March 1990'],
    ['Date of birth: March 5, 1990', 'March 5, 1990'],
    ['geb. 12. März 1985', '12. März 1985'],
    ['né le 4 août 1979', '4 août 1979'],
    ['Fecha de nacimiento: 1979-08-04', '1979-08-04'],
  ])('finds %s', (text, value) => expectFound('DATE_OF_BIRTH', text, value));

  it.each([
    'Admitted 12/03/2024 for observation',
    'The contract starts on 5 March 2025.',
    'DOB unknown; seen 2024-02-02 after a long delay',
  ])('leaves %s alone (a date without a birth cue)', (text) => expectNone('DATE_OF_BIRTH', text));
});

describe('ADDRESS', () => {
  it.each([
    ['lives at 221B Baker Street, London NW1 6XE.', '221B Baker Street, London NW1 6XE'],
    [
      'HQ: 1600 Pennsylvania Avenue NW, Washington, DC 20500',
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ],
    ['Hauptstraße 12, 10115 Berlin', 'Hauptstraße 12, 10115 Berlin'],
    ['au 12 rue de la Paix, 75002 Paris', '12 rue de la Paix, 75002 Paris'],
    ['en Calle Mayor 5, 28013 Madrid', 'Calle Mayor 5, 28013 Madrid'],
    ['in Via Roma 10, 00184 Roma', 'Via Roma 10, 00184 Roma'],
    ['Keizersgracht 123, 1015 CJ Amsterdam', 'Keizersgracht 123, 1015 CJ Amsterdam'],
    ['Storgatan 5, 114 55 Stockholm', 'Storgatan 5, 114 55 Stockholm'],
    ['ul. Marszałkowska 10, 00-950 Warszawa', 'ul. Marszałkowska 10, 00-950 Warszawa'],
    ['write to PO Box 1234, Springfield, IL 62704', 'PO Box 1234, Springfield, IL 62704'],
    ['Flat 3, 12 High Street, Leeds', 'Flat 3, 12 High Street, Leeds'],
  ])('finds %s', (text, value) => expectFound('ADDRESS', text, value));

  // A street of no known vocabulary is an address when a town and a postcode follow it, in either order.
  it.each([
    ['Moved to Kolářská 12, Horní Lhota 739 41.', 'Kolářská 12, Horní Lhota 739 41'],
    ['Deliver to:\nBirkelunden 3\nRingsted 4100\n', 'Birkelunden 3\nRingsted 4100'],
    ['at Am Anger 3, Mauterndorf, Sbg. 5570.', 'Am Anger 3, Mauterndorf, Sbg. 5570'],
    ['send it to 48 Wattle Circuit\nKambah ACT 2902', '48 Wattle Circuit\nKambah ACT 2902'],
    ['Cerrada Hidalgo, 14, Toluca 50000', 'Cerrada Hidalgo, 14, Toluca 50000'],
    ['Alleeweg (Kleinfeld) 36b, Großdorf 8588', 'Alleeweg (Kleinfeld) 36b, Großdorf 8588'],
    ['Vía Láctea s/n, 04000 Coyoacán', 'Vía Láctea s/n, 04000 Coyoacán'],
  ])('finds %s (town and postcode after any street line)', (text, value) =>
    expectFound('ADDRESS', text, value),
  );

  // Street types of more languages, before the name, as a word after it, or as an ending.
  it.each([
    ['Moved to Beco das Flores 7, 4050-123 Porto.', 'Beco das Flores 7, 4050-123 Porto'],
    ['Alameda Santos 200, 01418-000 São Paulo', 'Alameda Santos 200, 01418-000 São'],
    ['Calzada Tlalpan s/n, 04000 Coyoacán', 'Calzada Tlalpan s/n, 04000 Coyoacán'],
    ['office at Drève des Renards 6', 'Drève des Renards 6'],
    ['at Kossuth Lajos utca 12.', 'Kossuth Lajos utca 12'],
    ['Dunajska cesta 21 is closed', 'Dunajska cesta 21'],
    ['Brīvības iela 33, Rīga LV-1010', 'Brīvības iela 33, Rīga LV-1010'],
    ['náměstí Míru 12, 120 00 Praha', 'náměstí Míru 12, 120 00 Praha'],
    ['Strada Florilor 5, 400000 Cluj', 'Strada Florilor 5, 400000 Cluj'],
    ['lives at Fiolkroken 5 Oppgang B', 'Fiolkroken 5'],
  ])('finds %s (street types of more languages)', (text, value) => expectFound('ADDRESS', text, value));

  it("ends an address at its last line: the next line's first word is not a town", () => {
    expect(found('Home: Lindenweg 5, Aarau 5000\nMobile +41 44 668 18 00')).toContainEqual([
      'ADDRESS',
      'Lindenweg 5, Aarau 5000',
    ]);
  });

  it('starts an address after the prose before it', () => {
    expectFound('ADDRESS', 'Moved to Rua Augusta 15, 1100-048 Lisboa.', 'Rua Augusta 15, 1100-048 Lisboa');
  });

  it('reads a Brazilian or Portuguese postcode as a postcode, not a phone number', () => {
    expectNone('PHONE', 'Alameda Santos 200, 01418-000 São Paulo');
    expectNone('PHONE', 'Rua Augusta 15, 1100-048 Lisboa');
  });

  it.each([
    'We shipped 3 Premium plans and 12 licenses.',
    'sent via email 5 times',
    'Section 12 Main terms apply.',
    'The street was quiet.',
    'Invoice 12, Amount 5000 EUR',
    'Chapter 3, Verse 1024 reads well.',
    'Room 12, Building 4000',
    'The Professor 5 said so.',
    'Please put 5 apples in the bowl.',
    'Order 12, 2024 Total',
    'Yes hi, C. Nair here. Heart rate 80 bpm.',
  ])('leaves %s alone', (text) => expectNone('ADDRESS', text));
});

describe('SECRET', () => {
  it.each([
    ['key AKIAIOSFODNN7EXAMPLE in config', 'AKIAIOSFODNN7EXAMPLE'],
    ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['gitlab glpat-ABCDEFGHIJ0123456789', 'glpat-ABCDEFGHIJ0123456789'],
    [
      'slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    ],
    ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['password=Hunter2!x', 'Hunter2!x'],
    ['"api_key": "q8ZtR2mW9xLp4VbN7cYd"', 'q8ZtR2mW9xLp4VbN7cYd'],
    [
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU',
    ],
    ['the signing secret is Zq8L2mX9pR4tV7bN1cY6dW3e', 'Zq8L2mX9pR4tV7bN1cY6dW3e'],
  ])('finds %s', (text, value) => expectFound('SECRET', text, value));

  it('finds a PEM private key across lines', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nabc123\n-----END PRIVATE KEY-----';
    expectFound('SECRET', `key:\n${pem}\nend`, pem);
  });

  it.each([
    'password: must be 8 characters or more',
    'password=${DB_PASSWORD}',
    'the token expires after one hour',
    'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 is the fix', // hex hash with no secret word nearby
  ])('leaves %s alone', (text) => expectNone('SECRET', text));
});

describe('PERSON', () => {
  it.each([
    ['Dear Mr. Jonathan Whitfield, thank you.', 'Jonathan Whitfield'],
    ['As discussed with Maria Lopez yesterday.', 'Maria Lopez'],
    ['Signed by Dr. Ana-Sofia Kowalczyk.', 'Ana-Sofia Kowalczyk'],
    ["Patient: Liam O'Brien presented with pain.", "Liam O'Brien"],
    ['[10:02] Priya Raman: hello', 'Priya Raman'],
    ['Witness: Sven Lindqvist', 'Sven Lindqvist'],
    ['Contact Herr Müller about it.', 'Müller'],
    ['Ludwig van Beethoven wrote it.', 'Ludwig van Beethoven'],
    ['Signature: JONATHAN WHITFIELD', 'JONATHAN WHITFIELD'],
    ['CLAIM FOR MARIA KOWALCZYK', 'MARIA KOWALCZYK'],
    ['Ask Tiril Myhrer, she knows.', 'Tiril Myhrer'],
    ['Dear Tiril Myhrer,', 'Tiril Myhrer'],
    ['CLAIM 3641599\nJonathan Whitfield reported a burst pipe.', 'Jonathan Whitfield'],
  ])('finds %s', (text, value) => expectFound('PERSON', text, value));

  // A strong cue makes one unlisted word, an initial, or a name in lower case or capitals a name.
  it.each([
    ['Thank you for calling, this is Ekvarnika.', 'Ekvarnika'],
    ['AGENT: Thanks, K. Your claim is open.', 'K.'],
    ['Kind regards,\nEkvarnika Tülpsoo\n', 'Ekvarnika Tülpsoo'],
    ['Best,\nTarvo Kelmikas\n', 'Tarvo Kelmikas'],
    ['Name: maria lopez\nDOB 1.2.1990', 'maria lopez'],
    ['Witness: john smith, phone 555', 'john smith'],
    ['Yours sincerely,\nt. kowalczyk\n', 't. kowalczyk'],
    ['Yes hi, EKVARNIKA TÜLPSOO here.', 'EKVARNIKA TÜLPSOO'],
    ['Great, thank you MARIA.', 'MARIA'],
    ['Sehr geehrte Ekvarnika Tülpsoo,', 'Ekvarnika Tülpsoo'],
    ['[10:02] Tarvo: hello there', 'Tarvo'],
  ])('finds %s (after a cue)', (text, value) => expectFound('PERSON', text, value));

  // An abbreviated title with its dot ends one capitalized run and gives the next its title.
  it.each([
    ['Adjuster: Mr. Vasilică Dumitrache\n', 'Vasilică Dumitrache'],
    ['Referred by Dr. Ekvarnika Tülpsoo.', 'Ekvarnika Tülpsoo'],
  ])('finds %s (after an abbreviated title)', (text, value) => expectFound('PERSON', text, value));

  // A verb people are the subject of, right after the words, makes unlisted capitalized words a name.
  it.each([
    ['2026-11-21 20:04 - Imrich Krajčírová called about invoice 456', 'Imrich Krajčírová'],
    ['Ekvarnika Tülpsoo wrote:\n> Meeting moved', 'Ekvarnika Tülpsoo'],
    ['CLAIM 4237162\nAura Irimia (policyholder) reported a car accident', 'Aura Irimia'],
    ['As agreed, Tülpsoo asked us to confirm.', 'Tülpsoo'],
  ])('finds %s (before a verb said of people)', (text, value) => expectFound('PERSON', text, value));

  // The same in lower case (a clear given name first, or an initial) or in capitals (two words, or an initial).
  it.each([
    ['matilda norberg wrote:\n> Policy number', 'matilda norberg'],
    ['2026-11-16 23:35 - l. pozzo called about invoice 687', 'l. pozzo'],
    ['INSURANCE CLAIM 8778967\nO. PEÑA VARGAS (policyholder) reported', 'O. PEÑA VARGAS'],
    ['GIOELE VISCONTI wrote:\n> Claim', 'GIOELE VISCONTI'],
  ])('finds %s (lower case or capitals before such a verb)', (text, value) =>
    expectFound('PERSON', text, value),
  );

  // Greetings, a chat's "ping", and the e-mail signature delimiter are cues.
  it.each([
    ['Good afternoon Adaugo Gbogboade,\n\nPolicy number 12', 'Adaugo Gbogboade'],
    ['Ping Alojza Haščáková (maintainer).', 'Alojza Haščáková'],
    ['Thanks for the report.\n\n-- \nDoroteja Satner\n', 'Doroteja Satner'],
  ])('finds %s (after a greeting, ping or signature delimiter)', (text, value) =>
    expectFound('PERSON', text, value),
  );

  it.each([
    'the team said no.',
    'rose said hi', // an everyday word, no given name before it
    'THE BOARD said no.',
    'NHS TRUST reported a loss.',
    'AWS support replied.',
    'Kubernetes said the pod was evicted.', // one unlisted word opening a sentence
    'Google Cloud reported an outage.', // an organization's name
    'The Board said no.',
    'Release Notes mentioned the fix.',
  ])('leaves %s alone (a verb follows, but no name)', (text) => expectNone('PERSON', text));

  // Surname first: a clear given name after the comma, or a title or strong cue before.
  it.each([
    ['Kowalczyk, Maria called twice.', 'Kowalczyk, Maria'],
    ['LOPEZ GARCIA, MARIA signed.', 'LOPEZ GARCIA, MARIA'],
    ['Witness: Novotný, Darek', 'Novotný, Darek'],
    ['Adjuster: Dr. Brandtner, Ilse\n', 'Brandtner, Ilse'],
    ['Adjuster: Dr. brandtner, ilse\n', 'brandtner, ilse'],
  ])('finds %s (surname first)', (text, value) => expectFound('PERSON', text, value));

  it.each([
    'Geburtsdatum: 12.03.1980',
    'Personnummer: 660311-9874',
    'Patient DOB 1.2.1990',
    'hi, this is fine, thanks for all',
    'In Paris, London and Berlin we sell it.',
    'Monday, Tuesday and Friday are open.',
  ])('leaves %s alone (no name after the cue)', (text) =>
    expect(found(text).filter(([t, v]) => t === 'PERSON' && !/^(?:Paris|London|Berlin)$/.test(v))).toEqual(
      [],
    ),
  );

  it('finds a surname again after the full name was seen', () => {
    expectFound('PERSON', 'Maria Kowalczyk called. Later Kowalczyk wrote back.', 'Kowalczyk');
  });

  it.each([
    'The Customer may terminate this Agreement in May.',
    'Will you come on Monday? April is a good month.',
    'We tested it on Windows 11 and the Apple Watch.',
    'Premium Support plans include Priority Routing.',
    'Johnson Controls Inc filed the report.',
    'The Green Party met in Paris.',
    'SERVICE AGREEMENT AND TERMS',
    'THE MARIA HOTEL IS OPEN',
    'INSURANCE CLAIM FOR WATER DAMAGE',
  ])('leaves %s alone', (text) => expectNone('PERSON', text));

  it('keeps "a number, then capitalized words" on one line a street, not a name', () => {
    expectNone('PERSON', 'She lives at 12 Baker Street.');
  });
});

describe('PERSON: the whole name, not just the given name', () => {
  const persons = (text: string) =>
    found(text)
      .filter(([t]) => t === 'PERSON')
      .map(([, v]) => v);

  // The surname is an everyday word in the word lists (doe, brown, king, public, berg), so only its place right
  // after a given name makes it part of the name.
  it.each([
    ['Please contact Jane Doe about the lease.', 'Jane Doe'],
    ['Mary Brown called back twice.', 'Mary Brown'],
    ['Dear Anna King, thank you.', 'Anna King'],
    ['Jane Q. Public signed the form.', 'Jane Q. Public'],
    ['Maria van der Berg called.', 'Maria van der Berg'],
    ["Jane Doe's file is complete.", 'Jane Doe'],
    ["Siobhan O'Brien wrote back.", "Siobhan O'Brien"],
    ['Mary-Jane Watson-Clarke arrived.', 'Mary-Jane Watson-Clarke'],
    ['Maria Lopez-Garcia will call.', 'Maria Lopez-Garcia'],
    ['I spoke with John Smith today.', 'John Smith'],
  ])('finds all of %s', (text, name) => expect(persons(text)).toEqual([name]));

  it('finds an everyday-word surname again on its own once the full name was seen', () => {
    expect(persons('Jane Doe called on Friday. Doe said the boiler is broken.')).toEqual(['Jane Doe', 'Doe']);
  });

  it.each([
    // An organization or street word after the name: the name is part of a company or street name.
    ['Jane Street Capital hired him.', []],
    ['Jane Doe Inc. filed the claim.', []],
    // A second everyday word after it reads as a place or a product, not a surname.
    ['Anna Rose Garden Center opens at nine.', ['Anna']],
    // After an article: a product named after someone.
    ['The Anne Hat is the latest model.', ['Anne']],
    // Weekdays, months and function words never complete a name.
    ['Ask Maria Monday about it.', ['Maria']],
    ['Thanks Maria Please call back.', ['Maria']],
  ])('does not extend the name over the words after it in %s', (text, names) =>
    expect(persons(text)).toEqual(names),
  );
});

describe('findAll', () => {
  it('finds in a batch exactly what find finds in each text', () => {
    const texts = [
      'Jane Doe (jane@example.com) paid with 4111 1111 1111 1111.',
      '',
      'Mary Brown lives at 221B Baker Street, London NW1 6XE; SSN 123-45-6789.',
      'nothing to see here',
      'token = sk_live_4eC39HqLyjWDarjtT1zdp7dc, call +44 20 7946 0958',
    ];
    const batch = redactor.findAll(texts);
    expect(batch).toEqual(texts.map((t) => redactor.find(t)));
    expect(batch.flat().length).toBeGreaterThanOrEqual(8);
  });
});

describe('overlaps', () => {
  it('keeps the email whole rather than a name inside it', () => {
    expect(found('maria.lopez@example.com')).toEqual([['EMAIL', 'maria.lopez@example.com']]);
  });

  it('redacts every entity of a mixed sentence with its own type', () => {
    const r = redactor.redact(
      'Maria Lopez (maria@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111.',
    );
    expect(r.text).toBe('[PERSON] ([EMAIL], [PHONE]) paid with [CARD_NUMBER].');
    expect(r.counts).toEqual({ PERSON: 1, EMAIL: 1, PHONE: 1, CARD_NUMBER: 1 });
  });
});

describe('the words of a capitalized run', () => {
  // The detector cuts a run at its separators instead of matching each word again: every shape of word the
  // run admits must come out whole, with its offsets in the text.
  it.each([
    ['Maria van der Berg', ['Maria', 'van', 'der', 'Berg']],
    ["Seán O'Brien-McDonald", ['Seán', "O'Brien-McDonald"]],
    ['Jane Q. Public', ['Jane', 'Q.', 'Public']],
    ['Jean-Pierre\u00a0de la Fontaine', ['Jean-Pierre', 'de', 'la', 'Fontaine']],
    ['Żaneta Kowalczyk', ['Żaneta', 'Kowalczyk']],
  ])('cuts %s into its words', (run, words) => {
    const tokens = tokenize(run, 10);
    expect(tokens.map((t) => t.text)).toEqual(words);
    for (const t of tokens) expect(run.slice(t.start - 10, t.end - 10)).toBe(t.text);
  });
});
