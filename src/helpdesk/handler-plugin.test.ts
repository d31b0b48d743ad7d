import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphMessage } from '../../test/support/mail/graph-messages.js';
import { runHandler, testAppConfig } from '../../test/support/handlers/handler-runner.js';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import {
  createSeedHandlerDirectory,
  loadHandlerModules,
  type EndpointFunction,
  type HandlerModule,
} from '../handlers/index.js';
import { createLogger } from '../shared/index.js';
import {
  buildEmailData,
  createHelpdeskPlugin,
  defineEndpoint,
  EmailItem,
  processEmail,
  type HandlerApp,
} from './index.js';

const fixtures = fileURLToPath(new URL('../handlers/fixtures/', import.meta.url));
const config = testAppConfig();

function printerMail(
  overrides: { subject?: string; isProcessed?: boolean; headers?: Record<string, string> } = {},
) {
  return buildEmailData({
    message: graphMessage({
      subject: overrides.subject ?? 'Printer broken',
      from: 'Anna <anna@example.org>',
      html: '<p>The printer on floor 3 is broken.</p>',
      headers: overrides.headers,
    }),
    subscriptionEmail: 'support@contoso.com',
    isProcessed: overrides.isProcessed,
  });
}

const moduleOf = (notification: EndpointFunction<HandlerApp>, path = '/custom/'): HandlerModule => ({
  source: 'test-module.ts',
  endpoints: [defineEndpoint({ path, notification })],
});

for (const db of testDatabases()) {
  describe(`TypeScript handlers with the helpdesk plug-in on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    let logLines: Array<Record<string, unknown>>;
    beforeEach(async () => {
      t = await openHelpdeskTestStore(db);
      logLines = [];
    });
    afterEach(() => t.close());

    const directory = (options: { modules?: HandlerModule[]; defaultEndpoints?: boolean } = {}) => {
      const destination = new Writable({
        write(chunk, _encoding, done) {
          logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
          done();
        },
      });
      return createSeedHandlerDirectory({
        config,
        log: createLogger({ level: 'debug', destination }),
        plugin: createHelpdeskPlugin(t.helpdesk),
        ...options,
      });
    };
    const run = (
      dir: ReturnType<typeof directory>,
      target: string,
      email = printerMail(),
      kind?: 'recovery',
    ) => runHandler({ directory: dir, store: t.store }, target, email, kind);
    const tickets = async () => (await t.helpdesk.listTickets()).items;

    it('serves the seed default at /inbox/ and /inbox/recover/ before anyone writes code', async () => {
      const dir = directory();
      expect(dir.knownTargets()).toEqual(['/inbox/', '/inbox/recover/']);
      const { decision, committed } = await run(dir, '/inbox/');
      expect(decision.status).toBe('processed');
      const [ticket] = await tickets();
      expect(ticket).toMatchObject({ title: 'Printer broken', status: { key: 'new' } });
      expect(committed).toEqual({
        helpdesks: [{ id: ticket?.id, number: ticket?.number, isNew: true }],
        notes: 1,
        documents: 0,
      });

      await run(dir, '/inbox/recover/', printerMail({ subject: 'Scanner broken' }), 'recovery');
      expect((await tickets()).map((x) => x.title).sort()).toEqual(['Printer broken', 'Scanner broken']);
    });

    it('marks an auto-reply Processed without a ticket, and an already processed mail Skipped', async () => {
      const dir = directory();
      const autoReply = await run(
        dir,
        '/inbox/',
        printerMail({ headers: { 'Auto-Submitted': 'auto-replied' } }),
      );
      expect(autoReply.decision).toEqual({ status: 'processed' });
      const duplicate = await run(dir, '/inbox/', printerMail({ isProcessed: true }));
      expect(duplicate.decision).toEqual({ status: 'skipped', reason: 'the handler returned false' });
      expect(await tickets()).toEqual([]);
    });

    it('resolves paths with or without the trailing slash, and nothing else', () => {
      const dir = directory();
      expect(dir.resolve('/inbox')).not.toBeNull();
      expect(dir.resolve('/unknown/')).toBeNull();
      expect(dir.resolve('https://example.org/inbox/')).toBeNull();
      expect(directory({ defaultEndpoints: false }).knownTargets()).toEqual([]);
    });

    it('lets a handler module replace the built-in /inbox/', async () => {
      const dir = directory({ modules: await loadHandlerModules(`${fixtures}handlers`) });
      expect(dir.routes()).toEqual([
        { path: '/inbox/', source: expect.stringContaining('inbox-override.ts') },
        { path: '/inbox/recover/', source: expect.stringContaining('inbox-override.ts') },
        { path: '/support/', source: expect.stringContaining('plain-endpoints.js') },
      ]);
      const email = printerMail();
      const { decision } = await run(dir, '/inbox/', email);
      expect(decision).toEqual({
        status: 'processed',
        result: { handledBy: 'override', ledgerId: email.ledgerId },
      });
      expect((await run(dir, '/support/', email, 'recovery')).decision).toMatchObject({
        result: 'plain recovery',
      });
    });

    it('refuses two modules that define the same path', async () => {
      const modules = await loadHandlerModules(`${fixtures}duplicate`);
      expect(() => directory({ modules })).toThrow(
        expect.objectContaining({
          code: 'MSI_HANDLERS_ENDPOINT_DUPLICATE',
          params: expect.objectContaining({ path: '/shared/' }),
        }),
      );
    });

    it('skips a mail whose handler returns false and saves nothing it committed', async () => {
      const dir = directory({
        modules: [
          moduleOf(async (app, email) => {
            const uow = app.unitOfWork();
            await processEmail(app, new EmailItem(email), uow);
            uow.commit();
            return false;
          }),
        ],
      });
      const { decision } = await run(dir, '/custom/');
      expect(decision.status).toBe('skipped');
      expect(await tickets()).toEqual([]);
      expect(logLines.some((l) => l.level === 40 && String(l.msg).includes('returned false'))).toBe(true);
    });

    it('lets a handler error through, so the pipeline marks the mail Failed', async () => {
      const dir = directory({
        modules: [
          moduleOf(() => {
            throw new Error('division by zero');
          }),
        ],
      });
      await expect(run(dir, '/custom/')).rejects.toThrow('division by zero');
    });

    it('saves what a handler committed even when it returns something else', async () => {
      const dir = directory({
        modules: [
          moduleOf(async (app, email) => {
            const uow = app.unitOfWork();
            const helpdesk = await processEmail(app, new EmailItem(email), uow);
            uow.commit();
            return { ticket: helpdesk.number };
          }),
        ],
      });
      const { decision } = await run(dir, '/custom/');
      const [ticket] = await tickets();
      expect(decision).toMatchObject({ status: 'processed', result: { ticket: ticket?.number } });
    });

    it('saves every unit of work a handler committed, and warns about one it forgot', async () => {
      const dir = directory({
        modules: [
          moduleOf(async (app: HandlerApp) => {
            const first = app.unitOfWork();
            await first.createHelpdesk({ title: 'one' });
            const second = app.unitOfWork();
            await second.createHelpdesk({ title: 'two' });
            const forgotten = app.unitOfWork();
            await forgotten.createHelpdesk({ title: 'never saved' });
            return [first.commit(), second.commit()];
          }),
        ],
      });
      const { committed } = await run(dir, '/custom/');
      expect(committed).toHaveLength(2);
      expect((await tickets()).map((x) => x.title).sort()).toEqual(['one', 'two']);
      expect(logLines.some((l) => String(l.msg).includes('never committed'))).toBe(true);
    });

    it('gives the handler the configuration, the resource, the call kind and a logger with context', async () => {
      let seen: Partial<HandlerApp> = {};
      const dir = directory({
        modules: [
          moduleOf((app) => {
            seen = app;
            app.log.info('hello from the handler');
          }),
        ],
      });
      const email = printerMail();
      await run(dir, '/custom/', email, 'recovery');
      expect(seen.config).toBe(config);
      expect(seen.kind).toBe('recovery');
      expect(seen.resource).toMatchObject({ email: 'support@contoso.com' });
      expect(seen.helpdesk).toBe(t.helpdesk);
      expect(logLines.find((l) => l.msg === 'hello from the handler')).toMatchObject({
        endpoint: '/custom/',
        kind: 'recovery',
        ledgerId: email.ledgerId,
      });
    });

    it('keeps a result it cannot serialise out of the ledger but still processes the mail', async () => {
      const dir = directory({ modules: [moduleOf(() => 10n)] });
      const { decision } = await run(dir, '/custom/');
      expect(decision).toEqual({ status: 'processed', result: { unserializable: 'bigint' } });
    });
  });
}
