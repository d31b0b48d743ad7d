import { fileURLToPath } from 'node:url';
import {
  buildEmailData,
  createSeedHandlerDirectory,
  loadHandlerModule,
  type AttachmentFixture,
  type SeedHandlerDirectory,
} from '../../../src/handlers/index.js';
import { createHelpdeskPlugin } from '../../../src/helpdesk/index.js';
import { createSilentLogger } from '../../../src/shared/index.js';
import { graphMessage, type GraphMessageInput } from '../mail/graph-messages.js';
import { runHandler, testAppConfig } from './handler-runner.js';
import { openHelpdeskTestStore, type HelpdeskTestContext } from './helpdesk-store.js';
import type { TestDatabase } from '../test-databases.js';

/** A mail as an example test sends it: Graph message fields plus where it arrives. */
export interface ExampleMail extends Partial<GraphMessageInput> {
  mailbox?: string;
  attachments?: AttachmentFixture[];
  isProcessed?: boolean;
}

/** An example handler module loaded as ms-inbox loads it, over a fresh helpdesk store. */
export interface ExampleHarness extends HelpdeskTestContext {
  directory: SeedHandlerDirectory;
  /** Delivers a mail to `target` as the pipeline does and returns the decision and what the commit wrote. */
  send(mail: ExampleMail, target?: string, kind?: 'notification' | 'recovery'): ReturnType<typeof runHandler>;
}

/** Loads `moduleUrl` (an example handler file) with `loadHandlerModule` and wires it to a helpdesk store. */
export async function openExample(db: TestDatabase, moduleUrl: URL): Promise<ExampleHarness> {
  let tick = Date.parse('2026-03-03T10:00:00Z');
  const context = await openHelpdeskTestStore(db, { clock: { now: () => new Date(tick++) } });
  const module = await loadHandlerModule(fileURLToPath(moduleUrl));
  const directory = createSeedHandlerDirectory({
    config: testAppConfig(),
    log: createSilentLogger(),
    modules: [module],
    plugin: createHelpdeskPlugin(context.helpdesk),
  });
  return {
    ...context,
    directory,
    send(mail, target = '/inbox/', kind = 'notification') {
      const { mailbox, attachments, isProcessed, ...message } = mail;
      const email = buildEmailData({
        message: graphMessage({
          subject: 'Printer broken',
          from: 'Anna Andersson <anna@example.org>',
          html: '<p>The printer on floor 3 is broken.</p>',
          ...message,
          to: [mailbox ?? 'support@contoso.com'],
        }),
        subscriptionEmail: mailbox ?? 'support@contoso.com',
        attachments,
        isProcessed,
      });
      return runHandler({ directory, store: context.store }, target, email, kind);
    },
  };
}
