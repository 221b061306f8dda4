// Writes the collaborative template's seed CSVs (plain Node, no dependencies, deterministic):
// five companies, ten contacts, ten cases and a month of their history on every channel.
// Run `node examples/collaborative/seed/generate.mjs [outDir]`; test/templates/collaborative.test.ts
// regenerates the files into a temporary folder and compares the bytes with the committed ones.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the files go: this folder, or the folder given (the test compares a fresh run with the committed files). */
const DIR = process.argv[2] ? pathToFileURL(`${resolve(process.argv[2])}/`) : new URL('./', import.meta.url);
/** Hours after Monday 2 November 2026, 09:00 UTC, as an ISO time: the history's clock. */
const at = (hours) => new Date(Date.UTC(2026, 10, 2, 9) + hours * 3_600_000).toISOString();
const SUPPORT = 'support@collab.example';

const companies = [
  ['Northwind Traders', 'northwind.example', 'RETAIL', 'PRIORITY', '+15550100100', 'Seattle'],
  ['Bluebird Health', 'bluebird.example', 'HEALTHCARE', 'STANDARD', '+15550100200', 'Boston'],
  ['Kestrel Manufacturing', 'kestrel.example', 'MANUFACTURING', 'STANDARD', '+15550100300', 'Detroit'],
  ['Lumen Finance', 'lumen.example', 'FINANCE', 'PRIORITY', '+15550100400', 'New York'],
  ['Harbor Retail', 'harbor.example', 'RETAIL', 'STANDARD', '+15550100500', 'San Diego'],
];

// name, email, mobile, job title, company, preferred channel
const contacts = [
  ['Ann Lee', 'ann.lee@northwind.example', '+15550101001', 'Operations manager', 'Northwind Traders', 'EMAIL'],
  ['Raj Patel', 'raj.patel@northwind.example', '+15550101002', 'IT lead', 'Northwind Traders', 'PHONE'],
  ['Maria Gomez', 'maria.gomez@bluebird.example', '+15550102001', 'Practice manager', 'Bluebird Health', 'SMS'],
  ['Tom Becker', 'tom.becker@bluebird.example', '+15550102002', 'Billing clerk', 'Bluebird Health', 'EMAIL'],
  ['Li Wei', 'li.wei@kestrel.example', '+15550103001', 'Plant director', 'Kestrel Manufacturing', 'PHONE'],
  ['Sara Novak', 'sara.novak@kestrel.example', '+15550103002', 'Purchasing', 'Kestrel Manufacturing', 'PORTAL'],
  ['James Carter', 'james.carter@lumen.example', '+15550104001', 'CFO', 'Lumen Finance', 'EMAIL'],
  ['Nina Rossi', 'nina.rossi@lumen.example', '+15550104002', 'Office manager', 'Lumen Finance', 'PORTAL'],
  ['Omar Haddad', 'omar.haddad@harbor.example', '+15550105001', 'Store owner', 'Harbor Retail', 'SMS'],
  ['Emma Schulz', 'emma.schulz@harbor.example', '+15550105002', 'E-commerce lead', 'Harbor Retail', 'EMAIL'],
];
const person = Object.fromEntries(contacts.map((c) => [c[0].split(' ')[0].toLowerCase(), c]));
const companyOf = (who) => person[who][4];

// key, subject, description, status, priority, origin, contact, solved at (hours)
const cases = [
  [
    'invoice',
    'Invoice shows the old billing address',
    'Our November invoice still lists the Pine Street office.',
    'OPEN',
    'NORMAL',
    'EMAIL',
    'ann',
    null,
  ],
  [
    'scanners',
    'Barcode scanners drop the Wi-Fi connection',
    'Scanners in aisle 4 to 9 lose the network every few minutes.',
    'OPEN',
    'HIGH',
    'PHONE',
    'raj',
    null,
  ],
  [
    'reminders',
    'Appointment reminders arrive twice',
    'Patients get two reminder texts for each appointment.',
    'WAITING',
    'NORMAL',
    'SMS',
    'maria',
    null,
  ],
  [
    'refund',
    'Refund for a duplicate payment',
    'The October invoice was paid twice by bank transfer.',
    'SOLVED',
    'NORMAL',
    'EMAIL',
    'tom',
    100,
  ],
  [
    'sensor',
    'Conveyor sensor replacement part',
    'The photo-eye on line 3 failed; the line runs at half speed.',
    'OPEN',
    'URGENT',
    'PHONE',
    'li',
    null,
  ],
  [
    'access',
    'Portal access for the purchasing team',
    'Please give my two colleagues access to our cases.',
    'NEW',
    'LOW',
    'PORTAL',
    'sara',
    null,
  ],
  [
    'statement',
    'Quarterly statement export in CSV',
    'We need the Q3 statement as CSV for our auditors.',
    'SOLVED',
    'LOW',
    'EMAIL',
    'james',
    170,
  ],
  [
    'delivery',
    'Change of delivery address',
    'From December deliveries go to 12 Water Street.',
    'OPEN',
    'NORMAL',
    'PORTAL',
    'nina',
    null,
  ],
  [
    'giftcard',
    'Gift card balance not shown at checkout',
    'Customers see a zero balance on valid gift cards.',
    'NEW',
    'HIGH',
    'SMS',
    'omar',
    null,
  ],
  [
    'pricing',
    'Bulk pricing for 40 stores',
    'Asked through the website: prices for a rollout to 40 stores.',
    'NEW',
    'NORMAL',
    'WEB_FORM',
    'emma',
    null,
  ],
];
const caseSubject = Object.fromEntries(cases.map((c) => [c[0], c[1]]));

let serial = 0;
/** One message: its external id doubles as the seed's key for linking it to its records. */
const messages = [];
const links = [];
function message({
  channel,
  direction,
  who,
  subject,
  body,
  hours,
  answered = null,
  thread = null,
  on = null,
  to = null,
}) {
  serial += 1;
  const externalId = `seed-${String(serial).padStart(3, '0')}@collab.example`;
  const [name, email, phone] = person[who];
  const address = channel === 'SMS' ? phone : email;
  const inbound = direction === 'INBOUND';
  const from = inbound ? (channel === 'EMAIL' ? `${name} <${email}>` : address) : channel === 'EMAIL' ? SUPPORT : '';
  messages.push([
    externalId,
    thread ?? externalId,
    channel,
    direction,
    subject,
    body,
    from,
    inbound ? '' : (to ?? address),
    at(hours),
    answered === null ? '' : at(answered),
  ]);
  link('message', 'externalId', externalId, who, on);
  return externalId;
}
/** Links an activity to its contact, the contact's company and, when given, a case. */
function link(object, field, value, who, on) {
  links.push([object, field, value, 'contact', 'email', person[who][1]]);
  links.push([object, field, value, 'company', 'name', companyOf(who)]);
  if (on) links.push([object, field, value, 'case', 'subject', caseSubject[on]]);
}
const p = (text) => `<p>${text}</p>`;

// Ann (Northwind): every channel, so her timeline shows the whole story.
message({
  channel: 'WEB_FORM',
  direction: 'INBOUND',
  who: 'ann',
  subject: 'Form: How can we help?',
  hours: -120,
  body: '<ul><li><strong>Your name</strong>: Ann Lee</li><li><strong>Your question</strong>: Do you support stores in Canada?</li></ul>',
  answered: -118,
  thread: 'form:contact_us:ann.lee',
});
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'ann',
  subject: 'Re: Stores in Canada',
  hours: -118,
  thread: 'form:contact_us:ann.lee',
  body: p('Hello Ann, yes: all our plans cover Canadian stores. Shall we set up a call?'),
});
const invoice = message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'ann',
  subject: 'Invoice shows the old billing address',
  hours: 0,
  answered: 3,
  on: 'invoice',
  body: p('Hi, our November invoice still shows the Pine Street office. We moved to 400 Harbor Way in September.'),
});
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'ann',
  subject: 'Re: Invoice shows the old billing address',
  hours: 3,
  thread: invoice,
  on: 'invoice',
  body: p(
    'Hello Ann, sorry about that. Could you upload a proof of the new address in the portal? We will reissue the invoice.',
  ),
});
message({
  channel: 'PORTAL',
  direction: 'INBOUND',
  who: 'ann',
  subject: 'Re: Invoice shows the old billing address',
  hours: 20,
  answered: 22,
  thread: invoice,
  on: 'invoice',
  body: p('I attached the lease page with the new address to this case.'),
});
message({
  channel: 'PORTAL',
  direction: 'OUTBOUND',
  who: 'ann',
  subject: 'Re: Invoice shows the old billing address',
  hours: 22,
  thread: invoice,
  on: 'invoice',
  body: p('Thank you, billing is reissuing the invoice this week.'),
});
const annSms = message({
  channel: 'SMS',
  direction: 'OUTBOUND',
  who: 'ann',
  subject: null,
  hours: 50,
  body: p('Northwind: your corrected invoice is on its way. Reply here with any question.'),
});
message({
  channel: 'SMS',
  direction: 'INBOUND',
  who: 'ann',
  subject: null,
  hours: 51,
  answered: 52,
  body: p('Great, thanks!'),
  thread: annSms,
});
message({
  channel: 'SMS',
  direction: 'OUTBOUND',
  who: 'ann',
  subject: null,
  hours: 52,
  body: p('You are welcome, Ann.'),
  thread: annSms,
});
message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'ann',
  subject: 'Re: Invoice shows the old billing address',
  hours: 170,
  thread: invoice,
  on: 'invoice',
  body: p('The reissued invoice still has the old address on page 2. Can you check?'),
});

// Raj (Northwind): the scanner case, mostly by phone.
const wifi = message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'raj',
  subject: 'Wi-Fi diagnostics for your scanners',
  hours: 30,
  on: 'scanners',
  body: p('Hi Raj, as discussed: please run the diagnostics tool on two scanners and send us the logs.'),
});
message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'raj',
  subject: 'Re: Wi-Fi diagnostics for your scanners',
  hours: 54,
  answered: 75,
  thread: wifi,
  on: 'scanners',
  body: p('Logs attached from scanners 12 and 17.'),
});

// Maria (Bluebird): SMS first.
const reminders = message({
  channel: 'SMS',
  direction: 'INBOUND',
  who: 'maria',
  subject: null,
  hours: 98,
  answered: 99,
  on: 'reminders',
  body: p('Hi, our patients got two reminder texts for tomorrow again.'),
});
message({
  channel: 'SMS',
  direction: 'OUTBOUND',
  who: 'maria',
  subject: null,
  hours: 99,
  thread: reminders,
  on: 'reminders',
  body: p('Thanks Maria, we are checking the reminder schedule now.'),
});
message({
  channel: 'SMS',
  direction: 'INBOUND',
  who: 'maria',
  subject: null,
  hours: 190,
  thread: reminders,
  on: 'reminders',
  body: p('Still two texts each this morning.'),
});

// Tom (Bluebird): a refund, solved by email.
const refund = message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'tom',
  subject: 'Refund for a duplicate payment',
  hours: 70,
  answered: 74,
  on: 'refund',
  body: p('We paid invoice 2026-1043 twice. Please refund one payment.'),
});
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'tom',
  subject: 'Re: Refund for a duplicate payment',
  hours: 74,
  thread: refund,
  on: 'refund',
  body: p('Hello Tom, the refund of USD 1,240.00 was sent today; it arrives in 3 to 5 days.'),
});
message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'tom',
  subject: 'Re: Refund for a duplicate payment',
  hours: 98,
  answered: 100,
  thread: refund,
  on: 'refund',
  body: p('Received, thank you.'),
});
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'tom',
  subject: 'Re: Refund for a duplicate payment',
  hours: 100,
  thread: refund,
  on: 'refund',
  body: p('Glad to hear it; we are closing the case.'),
});

// Li (Kestrel): the urgent part.
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'li',
  subject: 'Replacement photo-eye shipped',
  hours: 150,
  on: 'sensor',
  body: p('Hello Li, the replacement sensor left our warehouse tonight; tracking 1Z999AA10123456784.'),
});

// Sara (Kestrel): a portal request nobody answered yet.
message({
  channel: 'PORTAL',
  direction: 'INBOUND',
  who: 'sara',
  subject: 'Portal access for the purchasing team',
  hours: 200,
  on: 'access',
  body: p('Please give Tim Ross and Eva Klein access; they follow our orders too.'),
});

// James (Lumen): statement export, solved.
const statement = message({
  channel: 'EMAIL',
  direction: 'INBOUND',
  who: 'james',
  subject: 'Quarterly statement export in CSV',
  hours: 120,
  answered: 168,
  on: 'statement',
  body: p('Our auditors need the Q3 statement as CSV, not PDF.'),
});
message({
  channel: 'EMAIL',
  direction: 'OUTBOUND',
  who: 'james',
  subject: 'Re: Quarterly statement export in CSV',
  hours: 168,
  thread: statement,
  on: 'statement',
  body: p('Hello James, the CSV export is attached, and available under Statements from now on.'),
});

// Nina (Lumen): the portal both ways.
const delivery = message({
  channel: 'PORTAL',
  direction: 'INBOUND',
  who: 'nina',
  subject: 'Change of delivery address',
  hours: 140,
  answered: 143,
  on: 'delivery',
  body: p('From December please deliver to 12 Water Street, 3rd floor.'),
});
message({
  channel: 'PORTAL',
  direction: 'OUTBOUND',
  who: 'nina',
  subject: 'Re: Change of delivery address',
  hours: 143,
  thread: delivery,
  on: 'delivery',
  body: p('Updated for all December orders. Is the loading dock on Water Street too?'),
});

// Omar and Emma (Harbor): an SMS and a web form waiting in the inbox.
message({
  channel: 'SMS',
  direction: 'INBOUND',
  who: 'omar',
  subject: null,
  hours: 210,
  on: 'giftcard',
  body: p('Gift cards show 0 balance at the till since this morning!'),
});
message({
  channel: 'WEB_FORM',
  direction: 'INBOUND',
  who: 'emma',
  subject: 'Form: How can we help?',
  hours: 180,
  on: 'pricing',
  thread: 'form:contact_us:emma.schulz',
  body: '<ul><li><strong>Your name</strong>: Emma Schulz</li><li><strong>Your question</strong>: What are your prices for a rollout to 40 stores?</li></ul>',
});

// subject, contact, case, direction, hours, minutes, outcome, notes
const calls = [
  [
    'Billing address check with Ann Lee',
    'ann',
    'invoice',
    'OUTBOUND',
    40,
    0,
    'BUSY',
    'Line busy; sent an SMS instead.',
  ],
  [
    'Scanner Wi-Fi troubleshooting with Raj Patel',
    'raj',
    'scanners',
    'INBOUND',
    26,
    30,
    'CONNECTED',
    'Drops start after the access point firmware update.',
  ],
  [
    'Scanner firmware follow-up with Raj Patel',
    'raj',
    'scanners',
    'OUTBOUND',
    75,
    12,
    'CONNECTED',
    'Rolled back the access point firmware; monitoring.',
  ],
  ['Reminder duplicates: call to Maria Gomez', 'maria', 'reminders', 'OUTBOUND', 120, 0, 'NO_ANSWER', null],
  [
    'Sensor failure on line 3 with Li Wei',
    'li',
    'sensor',
    'INBOUND',
    144,
    18,
    'CONNECTED',
    'Photo-eye dead; overnight shipment agreed.',
  ],
  [
    'Part delivery date for Li Wei',
    'li',
    'sensor',
    'OUTBOUND',
    174,
    0,
    'LEFT_VOICEMAIL',
    'Left the tracking number on voicemail.',
  ],
  [
    'Quarterly review call with James Carter',
    'james',
    null,
    'OUTBOUND',
    96,
    45,
    'CONNECTED',
    'Renewal in February; wants CSV statements.',
  ],
  [
    'Welcome call with Omar Haddad',
    'omar',
    null,
    'OUTBOUND',
    60,
    15,
    'CONNECTED',
    'Walked through the gift card setup.',
  ],
];
// title, attendees, hours, length in hours, location, notes
const meetings = [
  [
    'Northwind quarterly service review',
    ['ann', 'raj'],
    76,
    1,
    'Northwind, 400 Harbor Way, Seattle',
    'Invoice address and scanner issues reviewed.',
  ],
  ['Kestrel line 3 site visit', ['li', 'sara'], 176, 3, 'Kestrel plant, Detroit', 'New sensor installed and tested.'],
  ['Lumen renewal planning', ['james', 'nina'], 186, 1, 'Video call', 'Draft renewal terms sent.'],
  ['Harbor store rollout kickoff', ['omar', 'emma'], 30, 1.5, 'Video call', 'Rollout plan for the first 5 stores.'],
  ['Bluebird billing workshop', ['maria', 'tom'], 150, 2, 'Bluebird Health, Boston', null],
];
// title, body, contact
const notes = [
  ['Ann prefers email; copy Raj on IT topics', p('Ann decides on billing; Raj on anything technical.'), 'ann'],
  [
    'Kestrel ships urgent parts overnight',
    p('Their plant stops without spares: always choose overnight shipping.'),
    'li',
  ],
];

const cell = (value) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const write = (file, header, rows) =>
  writeFileSync(new URL(file, DIR), [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n');

write('companies.csv', ['name', 'domain', 'industry', 'tier', 'phone', 'city'], companies);
write('contacts.csv', ['name', 'email', 'phone', 'jobTitle', 'company', 'preferredChannel'], contacts);
write(
  'cases.csv',
  ['subject', 'description', 'status', 'priority', 'origin', 'contact', 'company', 'solvedAt'],
  cases.map(([, subject, description, status, priority, origin, who, solved]) => [
    subject,
    description,
    status,
    priority,
    origin,
    person[who][1],
    companyOf(who),
    solved === null ? '' : at(solved),
  ]),
);
write(
  'messages.csv',
  [
    'externalId',
    'threadKey',
    'channel',
    'direction',
    'subject',
    'body',
    'fromAddress',
    'toAddress',
    'sentAt',
    'answeredAt',
  ],
  messages,
);
write(
  'calls.csv',
  ['subject', 'direction', 'calledAt', 'durationMinutes', 'outcome', 'notes'],
  calls.map(([subject, who, on, direction, hours, minutes, outcome, text]) => {
    link('call', 'subject', subject, who, on);
    return [subject, direction, at(hours), minutes, outcome, text === null ? '' : p(text)];
  }),
);
write(
  'meetings.csv',
  ['title', 'startsAt', 'endsAt', 'location', 'attendees', 'notes'],
  meetings.map(([title, who, hours, length, location, text]) => {
    for (const w of who) link('meeting', 'title', title, w, null);
    return [
      title,
      at(hours),
      at(hours + length),
      location,
      who.map((w) => person[w][0]).join(', '),
      text === null ? '' : p(text),
    ];
  }),
);
write(
  'notes.csv',
  ['title', 'body'],
  notes.map(([title, body, who]) => {
    link('note', 'title', title, who, null);
    return [title, body];
  }),
);
// Which records each activity is about (the activity-target links), every record by a field of its own.
const seen = new Set();
write(
  'activity-targets.csv',
  ['activity', 'activityField', 'activityValue', 'target', 'targetField', 'targetValue'],
  links.filter((row) => !seen.has(row.join('\u0000')) && seen.add(row.join('\u0000'))),
);
