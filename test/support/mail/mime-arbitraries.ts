import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const fixturesDir = fileURLToPath(new URL('../../../src/simulator/fixtures/', import.meta.url));

/** The simulator's sample mails (plain, multipart, inline image, latin-1, DSN, out-of-office). */
export const sampleMails: Buffer[] = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.eml'))
  .map((name) => readFileSync(`${fixturesDir}${name}`));

const hostileHeaders = [
  'Content-Type: multipart/mixed; boundary=""',
  'Content-Type: multipart/mixed',
  `Content-Type: multipart/mixed; boundary="${'b'.repeat(5_000)}"`,
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Subject: =?utf-8?B?!!!not-base64!!!?=',
  'Subject: =?x-unknown?Q?=FF=FE=00?=',
  `Subject: ${'x'.repeat(100_000)}`,
  'From: <<<@@@>>>',
  'From: ',
  'To: undisclosed-recipients:;',
  'Date: the day after tomorrow',
  'Date: Tue, 31 Feb 99999 25:61:61 +9999',
  'Message-ID: ',
  'Message-ID: <\u0000@x>',
  `References: ${'<a@b> '.repeat(10_000)}`,
  "Content-Disposition: attachment; filename*=utf-8''%FF%FE",
  'Content-ID: <cid:\u0000>',
];

const mutation = fc.oneof(
  fc.nat().map((at) => (mail: Buffer) => mail.subarray(0, at % (mail.length + 1))),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 })
    .map((flips) => (mail: Buffer) => {
      const copy = Buffer.from(mail);
      for (const [at, byte] of flips) if (copy.length > 0) copy[at % copy.length] = byte;
      return copy;
    }),
  fc
    .subarray(hostileHeaders, { minLength: 1 })
    .map((headers) => (mail: Buffer) => Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n`), mail])),
  fc.constant((mail: Buffer) => Buffer.from(mail.toString('latin1').replace(/--[\w-]+--/g, ''), 'latin1')),
  fc.constant((mail: Buffer) => Buffer.from(mail.toString('latin1').replace(/\r?\n\r?\n/, '\n'), 'latin1')),
  fc.constant((mail: Buffer) => Buffer.from(mail.toString('latin1').replaceAll('\n', '\r\r\n'), 'latin1')),
  fc.constant((mail: Buffer) =>
    Buffer.from(mail.toString('latin1').replace(/^[A-Za-z-]+:/gm, ' '), 'latin1'),
  ),
);

/** Broken RFC 822 mail: sample mails mutated (cut, bytes flipped, hostile headers, lost boundaries), and noise. */
export const malformedMime: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...sampleMails), fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([mail, steps]) => steps.reduce((m, step) => step(m), mail)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }).map((text) => Buffer.from(text)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 400 })
      .map((depth) =>
        Buffer.from(
          `${Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('')}text\r\n`,
        ),
      ),
  },
);
