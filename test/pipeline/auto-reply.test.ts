import Fastify from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailSignals } from '../../src/handlers/index.js';
import {
  defaultAutoReplySettings,
  loopRules,
  sendAutoReplyJob,
  type AutoReplyLogEntry,
} from '../../src/helpdesk/index.js';
import { registerAutoReplyRoutes } from '../../src/http/admin/auto-reply-routes.js';
import { installErrorHandling } from '../../src/http/error-handler.js';
import type { ResourceView } from '../../src/inbox/index.js';
import {
  carelessPath,
  startAutoReplyPipeline,
  type AutoReplyPipeline,
} from '../support/pipeline/auto-reply-pipeline.js';
import { rawMail, signalMails } from '../support/mail/automatic-mails.js';
import { demoTenant } from '../../src/simulator/index.js';
import { salesAddress, supportAddress } from '../support/pipeline/pipeline-harness.js';
import { testDatabases } from '../support/test-databases.js';
import { waitFor } from '../support/wait-for.js';

const fixtures = new URL('../../src/simulator/fixtures/', import.meta.url);

/** Helpers over one running pipeline. */
function helpersOf(h: () => AutoReplyPipeline, mailboxes = [supportAddress, salesAddress]) {
  const sent = (address: string) => h().sim.control.listMessages(address, 'sentitems');
  const busy = async () =>
    (
      await h()
        .service.store.db.selectFrom('jobs')
        .select('id')
        .where('status', 'in', ['pending', 'running'])
        .execute()
    ).length > 0 ||
    h().sim.control.pendingNotifications() > 0 ||
    mailboxes.some((a) => h().sim.control.listMessages(a, 'inbox').length > 0);
  return {
    sent,
    /** What the mailbox sent that is not in `before` (another test's replies stay in the shared mailboxes). */
    sentSince: (address: string, before: ReadonlySet<string>) =>
      sent(address).filter((m) => !before.has(m.id)),
    sentIds: (address: string) => new Set(sent(address).map((m) => m.id)),
    async readSent(address: string, id: string): Promise<ParsedMail> {
      return simpleParser(await h().graph.messages.streamMime(address, id));
    },
    log: (resource: ResourceView): Promise<AutoReplyLogEntry[]> =>
      h().autoReplies.settings.listLog(resource.id, { limit: 500 }),
    /** The log entries written since `before` (a set of entry ids), newest first. */
    async logSince(resource: ResourceView, before: ReadonlySet<string>): Promise<AutoReplyLogEntry[]> {
      return (await h().autoReplies.settings.listLog(resource.id, { limit: 500 })).filter(
        (e) => !before.has(e.id),
      );
    },
    logIds: async (resource: ResourceView) =>
      new Set((await h().autoReplies.settings.listLog(resource.id, { limit: 500 })).map((e) => e.id)),
    /** Waits until no mail, notification or job is in flight, twice in a row (a reply may be on its way). */
    async settled() {
      for (let round = 0; round < 2; round++) {
        await waitFor('the mailboxes to settle', async () => !(await busy()), { timeoutMs: 45_000 });
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    },
    async addResource(address: string, webhookTarget: string): Promise<ResourceView> {
      const body = { clientName: 'demo', email: address, webhookTarget };
      return (await h().api<ResourceView>('POST', '/api/resources', body)).body;
    },
    ticketTitled: async (title: string) =>
      (await h().helpdesk.listTickets({ pageSize: 200 })).items.filter((t) => t.title === title),
  };
}

// The loop suite gets databases of its own: on PostgreSQL a suite's database is shared by its describes, and jobs
// a stopped pipeline left behind would keep the other suite's `settled()` waiting (in shuffled order).
const loopDatabases = testDatabases();
for (const [index, database] of testDatabases().entries()) {
  const loopDatabase = loopDatabases[index]!;
  describe(`auto-replies through the simulator on ${database.name}`, () => {
    let h: AutoReplyPipeline;
    let support: ResourceView;
    let sales: ResourceView;
    const x = helpersOf(() => h);

    beforeAll(async () => {
      h = await startAutoReplyPipeline({ database });
      support = await x.addResource(supportAddress, '/inbox/');
      sales = await x.addResource(salesAddress, '/inbox/');
      await waitFor('two subscriptions', () => h.sim.control.listSubscriptions().length === 2);
    });
    afterAll(async () => h?.stop());
    // The tests share one pipeline: each starts from the built-in handler and the settings of a new resource.
    beforeEach(async () => {
      for (const r of [support, sales]) {
        await h.api('PATCH', `/api/resources/${r.id}`, { webhookTarget: '/inbox/' });
        const { resourceId: _id, ...settings } = defaultAutoReplySettings(r.id);
        await h.autoReplies.settings.update(r.id, settings);
      }
    });

    it('answers a new helpdesk from the mailbox; the customer’s answer lands on it without a second reply', async () => {
      await h.autoReplies.settings.update(support.id, {
        enabled: true,
        textBody:
          'Dear $$sendername$$ ($$senderaddress$$): "$$subject$$" is $$helpdesknumber$$, $$helpdesktitle$$.',
        htmlBody: '<p>Helpdesk <b>$$helpdesknumber$$</b> for $$sendername$$</p>',
      });
      const sentBefore = x.sentIds(supportAddress);
      const logBefore = await x.logIds(support);
      const first = rawMail({ from: 'Anna Berg <anna@customer.example>', subject: 'VPN drops every hour' });
      await h.sim.control.deliver(supportAddress, first.raw);
      await waitFor('the auto-reply', () => x.sentSince(supportAddress, sentBefore).length === 1);

      const [ticket] = await x.ticketTitled('VPN drops every hour');
      const reply = await x.readSent(supportAddress, x.sentSince(supportAddress, sentBefore)[0]!.id);
      expect(reply.subject).toBe(`VPN drops every hour [${ticket?.number}]`);
      expect(reply.text?.trim()).toBe(
        `Dear Anna Berg (anna@customer.example): "VPN drops every hour" is ${ticket?.number}, VPN drops every hour.`,
      );
      expect(reply.html).toContain(`<b>${ticket?.number}</b>`);
      expect(reply.from?.value[0]?.address).toBe(supportAddress);
      expect(reply.to).toMatchObject({ value: [{ address: 'anna@customer.example' }] });
      expect(reply.inReplyTo).toBe(first.messageId);
      expect(reply.references).toBe(first.messageId);
      expect(reply.headers.get('auto-submitted')).toBe('auto-replied');
      expect(reply.headers.get('x-auto-response-suppress')).toBe('All');

      const answer = rawMail({
        from: 'Anna Berg <anna@customer.example>',
        subject: `RE: ${reply.subject}`,
        headers: {
          'In-Reply-To': reply.messageId ?? '',
          References: `${first.messageId} ${reply.messageId}`,
        },
        body: 'It happened again.',
      });
      await h.sim.control.deliver(supportAddress, answer.raw);
      await x.settled();
      expect(await x.ticketTitled('VPN drops every hour')).toHaveLength(1);
      const detail = await h.helpdesk.getTicket(ticket?.id ?? '');
      expect(detail?.notes.map((n) => n.kind)).toEqual(['email', 'autoreply', 'email']);
      expect(detail?.messages.map((m) => m.kind).sort()).toEqual(['autoreply', 'mail', 'mail']);
      expect(x.sentSince(supportAddress, sentBefore)).toHaveLength(1);
      expect((await x.logSince(support, logBefore)).map((e) => e.outcome)).toEqual(['sent']);
    });

    it('two watched mailboxes never start a loop, even through a careless handler; the helpdesk says why', async () => {
      for (const r of [support, sales]) {
        await h.api('PATCH', `/api/resources/${r.id}`, { webhookTarget: carelessPath });
        await h.autoReplies.settings.update(r.id, { enabled: true });
      }
      const supportSent = x.sentIds(supportAddress);
      const salesSent = x.sentIds(salesAddress);
      const logBefore = await x.logIds(support);
      const colleague = rawMail({ from: `Sales <${salesAddress}>`, subject: 'Can you check the printer?' });
      await h.sim.control.deliver(supportAddress, colleague.raw);
      await x.settled();
      expect(x.sentSince(supportAddress, supportSent)).toHaveLength(0);
      expect(x.sentSince(salesAddress, salesSent)).toHaveLength(0);
      expect(await x.logSince(support, logBefore)).toEqual([
        expect.objectContaining({ outcome: 'suppressed', reason: 'watched-mailbox' }),
      ]);
      const [ticket] = await x.ticketTitled('Can you check the printer?');
      const notes = (await h.helpdesk.getTicket(ticket?.id ?? ''))?.notes ?? [];
      expect(notes.at(-1)?.text).toContain(`No auto-reply was sent (watched-mailbox): ${salesAddress}`);
    });

    it('no auto-reply, bounce or bulk mail among the fixtures is answered, even by a handler that ignores the flags', async () => {
      expect(signalMails.map((s) => s.signal).sort()).toEqual(mailSignals.map((s) => s.name).sort());
      await h.api('PATCH', `/api/resources/${support.id}`, { webhookTarget: carelessPath });
      await h.autoReplies.settings.update(support.id, {
        enabled: true,
        onlyNewHelpdesks: false,
        limits: {
          perSender: [{ windowMinutes: 1, max: 100 }],
          perHelpdesk: [{ windowMinutes: 1, max: 100 }],
        },
      });
      const before = new Set((await x.log(support)).map((e) => e.id));
      const files = (await readdir(fixtures)).filter((f) => f.endsWith('.eml')).sort();
      for (const file of files)
        await h.sim.control.deliver(supportAddress, await readFile(new URL(file, fixtures)));
      for (const mail of signalMails) await h.sim.control.deliver(supportAddress, mail.raw);
      await x.settled();

      const fresh = (await x.log(support)).filter((e) => !before.has(e.id));
      expect(fresh).toHaveLength(files.length + signalMails.length);
      const sentTo = fresh.filter((e) => e.outcome === 'sent').map((e) => e.recipient);
      expect(sentTo.sort()).toEqual([
        'alice@example.org',
        'bob@example.org',
        'bob@example.org',
        'juergen@example.de',
      ]);
      const suppressed = fresh.filter((e) => e.outcome !== 'sent');
      expect(suppressed.map((e) => e.reason)).toEqual(suppressed.map(() => 'automatic-mail'));
      expect(suppressed.map((e) => e.recipient)).toEqual(
        expect.arrayContaining(['erin@example.org', 'mailer-daemon@mx.example.org']),
      );
    });

    it('retries a send Graph refuses, then records it on the helpdesk and leaves a dead job; the ticket stays', async () => {
      await h.autoReplies.settings.update(support.id, { enabled: true });
      const logBefore = await x.logIds(support);
      h.sim.control.addFault({ kind: 'unavailable', operation: 'mail.send', retryAfterSeconds: 0.01 });
      try {
        await h.sim.control.deliver(
          supportAddress,
          rawMail({ from: 'dora@customer.example', subject: 'Scanner jams' }).raw,
        );
        const deadBefore = new Set(
          (
            await h.service.store.db
              .selectFrom('jobs')
              .select('id')
              .where('name', '=', sendAutoReplyJob.name)
              .where('status', '=', 'dead')
              .execute()
          ).map((j) => j.id),
        );
        const dead = async () =>
          (
            await h.service.store.db
              .selectFrom('jobs')
              .selectAll()
              .where('name', '=', sendAutoReplyJob.name)
              .where('status', '=', 'dead')
              .execute()
          ).find((j) => !deadBefore.has(j.id));
        await waitFor('the dead send job', async () => (await dead()) !== undefined, { timeoutMs: 30_000 });
        expect(await dead()).toMatchObject({ attempts: 2, last_error_code: 'MSI_GRAPH_UNAVAILABLE' });
        const [ticket] = await x.ticketTitled('Scanner jams');
        const notes = (await h.helpdesk.getTicket(ticket?.id ?? ''))?.notes ?? [];
        expect(notes.at(-1)?.text).toMatch(/could not be sent \(attempt 2 of 2, MSI_GRAPH_UNAVAILABLE\)/);
        expect(await x.logSince(support, logBefore)).toEqual([
          expect.objectContaining({ outcome: 'failed', recipient: 'dora@customer.example' }),
        ]);
      } finally {
        h.sim.control.clearFaults();
      }
    });

    it('GET/PUT /api/resources/:id/auto-reply validate with coded errors, and list what replies did', async () => {
      const app = Fastify();
      installErrorHandling(app);
      registerAutoReplyRoutes(app, h.service.inbox);
      await h.autoReplies.settings.update(sales.id, { enabled: true });
      const path = `/api/resources/${sales.id}/auto-reply`;
      expect((await app.inject({ method: 'GET', url: path })).json()).toMatchObject({
        enabled: true,
        transport: 'graph',
      });
      const invalid = await app.inject({
        method: 'PUT',
        url: path,
        payload: { defaultFrom: 'nope', smtpUrl: 'ftp://x' },
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.code).toBe('MSI_AUTO_REPLY_SETTINGS_INVALID');
      expect(invalid.json().error.message).toMatch(/defaultFrom: .*; smtpUrl: /);
      const typed = await app.inject({ method: 'PUT', url: path, payload: { enabled: 'yes' } });
      expect(typed.json().error.code).toBe('MSI_VALIDATION_FAILED');
      const changed = await app.inject({
        method: 'PUT',
        url: path,
        payload: { enabled: false, fromName: 'Sales' },
      });
      expect(changed.json()).toMatchObject({ enabled: false, fromName: 'Sales' });
      const unknown = await app.inject({ method: 'GET', url: '/api/resources/nope/auto-reply' });
      expect(unknown.json().error.code).toBe('MSI_NOT_FOUND');
      // A failed and a sent reply of this test's own; other tests' replies may be in the log too.
      const at = new Date().toISOString();
      const entry = (outcome: string) => ({
        id: randomUUID(),
        resource_id: support.id,
        helpdesk_id: null,
        ledger_message_id: null,
        recipient: `${outcome}@customer.example`,
        outcome,
        reason: null,
        detail: null,
        message_id: null,
        from_address: supportAddress,
        subject: `a ${outcome} reply`,
        transport: 'graph',
        created_at: at,
        updated_at: at,
      });
      const [failed, sent] = [entry('failed'), entry('sent')];
      await h.service.store.db.insertInto('auto_reply_log').values([failed, sent]).execute();
      const listed = await app.inject({
        method: 'GET',
        url: `/api/resources/${support.id}/auto-reply/log?outcome=failed`,
      });
      const items = listed.json().items as AutoReplyLogEntry[];
      expect(items).toContainEqual(expect.objectContaining({ id: failed.id, outcome: 'failed' }));
      expect(items.map((e) => e.id)).not.toContain(sent.id);
      expect(items.map((e) => e.outcome)).toEqual(items.map(() => 'failed'));
      await app.close();
    });
  });

  describe(`two watched mailboxes answering each other on ${loopDatabase.name}`, () => {
    const [itBox, hrBox] = ['it', 'hr'].map((name) => `${name}@${demoTenant.domain}`) as [string, string];
    let h: AutoReplyPipeline;
    const x = helpersOf(() => h, [itBox, hrBox]);
    afterAll(async () => h?.stop());

    it('stop at the per-sender cap when every other defence is out of the way', async () => {
      // Without the header and watched-mailbox rules the two careless helpdesks would mail each other forever.
      const blind = new Set(['automatic-mail', 'watched-mailbox']);
      h = await startAutoReplyPipeline({
        database: loopDatabase,
        rules: loopRules.filter((r) => !blind.has(r.name)),
      });
      for (const name of ['it', 'hr']) h.sim.control.addMailbox(demoTenant.tenantId, { address: name });
      const itDesk = await x.addResource(itBox, carelessPath);
      const hrDesk = await x.addResource(hrBox, carelessPath);
      await waitFor('two subscriptions', () => h.sim.control.listSubscriptions().length === 2);
      for (const r of [itDesk, hrDesk]) {
        await h.autoReplies.settings.update(r.id, {
          enabled: true,
          limits: { perSender: [{ windowMinutes: 60, max: 3 }] },
        });
      }
      await h.sim.control.deliver(itBox, rawMail({ from: hrBox, subject: 'Hello' }).raw);
      await x.settled();
      expect(x.sent(itBox)).toHaveLength(3);
      expect(x.sent(hrBox)).toHaveLength(3);
      const stopped = (await x.log(itDesk)).filter((e) => e.outcome === 'suppressed');
      expect(stopped).toEqual([
        expect.objectContaining({
          reason: 'sender-limit',
          detail: `3 auto-replies per 1 hour already went to ${hrBox}`,
        }),
      ]);
    });
  });
}
