import { readFile } from 'node:fs/promises';
import { packagePath } from '../../shared/index.js';

/** One mail of the demo trickle: Graph JSON, or a fixture `.eml` of the simulator. */
export type DemoMail =
  | { to: 'support' | 'sales'; subject: string; from: [string, string]; html: string; failFirst?: boolean }
  | { to: 'support' | 'sales'; fixture: string }
  | { to: 'support' | 'sales'; replyToFirstTicket: true; from: [string, string]; html: string };

/** Realistic mails for the demo, in the order they arrive. */
export const demoMails: DemoMail[] = [
  {
    to: 'support',
    subject: 'Cannot log in to the customer portal',
    from: ['Anna Berg', 'anna.berg@northwind.example'],
    html: '<p>Hi,</p><p>since this morning I get <b>"invalid session"</b> when I log in to the portal. Could you have a look?</p><p>Anna</p>',
  },
  {
    to: 'sales',
    subject: 'Quote for 40 licences',
    from: ['Omar Haddad', 'omar@fabrikam.example'],
    html: '<p>Hello, we would like a quote for 40 licences with a three-year term.</p>',
  },
  { to: 'support', fixture: 'attachments.eml' },
  {
    to: 'support',
    subject: 'Printer in room 4.12 prints blank pages',
    from: ['Lena Koch', 'lena.koch@contoso-partner.example'],
    html: '<p>The printer prints only blank pages since the toner was changed.</p>',
  },
  { to: 'support', fixture: 'out-of-office.eml' },
  {
    to: 'support',
    replyToFirstTicket: true,
    from: ['Anna Berg', 'anna.berg@northwind.example'],
    html: '<p>Update: it also happens in the mobile app.</p>',
  },
  {
    to: 'sales',
    subject: 'Order 88412: delivery address change',
    from: ['Chen Wei', 'chen.wei@tailspin.example'],
    html: '<p>Please deliver order 88412 to our new warehouse instead.</p>',
    failFirst: true,
  },
  { to: 'support', fixture: 'bounce-dsn.eml' },
  {
    to: 'support',
    subject: 'VPN disconnects every hour',
    from: ['Sam Okafor', 'sam.okafor@woodgrove.example'],
    html: '<p>The VPN drops exactly every 60 minutes. Logs attached on request.</p>',
  },
  { to: 'support', fixture: 'html-inline-image.eml' },
];

/** Reads a fixture mail shipped with the simulator. */
export function readDemoFixture(name: string): Promise<Buffer> {
  return readFile(packagePath('src', 'simulator', 'fixtures', name));
}
