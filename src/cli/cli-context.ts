import type { Command } from 'commander';
import type { AppConfig } from '../config/index.js';
import { createHandlerDirectory, type HandlerDirectory } from '../handlers/index.js';
import { autoRepliesNeedMailSend, createHelpdeskPlugin, createHelpdeskStore } from '../helpdesk/index.js';
import { createAssigneeDirectory } from '../http/index.js';
import { createInbox, type Inbox } from '../inbox/index.js';
import { createJobQueue } from '../jobs/index.js';
import { createLogger, systemClock, type Logger } from '../shared/index.js';
import { migrateToLatest, openStore, type Store } from '../store/index.js';
import { loadConfigForCommand } from './load-cli-config.js';
import { createGraphDirectory } from './graph-directory.js';

/** What a one-shot command works with: the configuration, the database and the pipeline's services. */
interface CliContext {
  config: AppConfig;
  store: Store;
  inbox: Inbox;
  log: Logger;
  close(): Promise<void>;
}

/**
 * Opens the database and builds the pipeline without serving or working jobs: changes made here queue their
 * jobs, which a running `ms-inbox start` picks up. Returns null (exit code set) when the configuration is invalid.
 */
async function openCliContext(
  command: Command,
  options: { handlers?: HandlerDirectory } = {},
): Promise<CliContext | null> {
  const loaded = loadConfigForCommand(command);
  if (!loaded) return null;
  const { config } = loaded;
  const log = createLogger({ level: config.server.logLevel === 'info' ? 'warn' : config.server.logLevel });
  const store = await openStore({
    databaseUrl: config.server.databaseUrl,
    dataDir: config.server.dataDir,
    log,
  });
  await migrateToLatest(store);
  const inbox = createInbox({
    store,
    queue: createJobQueue({ store, clock: systemClock, log }),
    clock: systemClock,
    log,
    config,
    graphFor: createGraphDirectory(config, log),
    handlers:
      options.handlers ??
      (await createHandlerDirectory({
        config,
        log,
        plugin: createHelpdeskPlugin(
          createHelpdeskStore({
            store,
            dataDir: config.server.dataDir,
            assignees: createAssigneeDirectory(store),
          }),
        ),
      })),
    publicUrl: config.server.publicUrl,
    mailSendNeeded: (clientName) => autoRepliesNeedMailSend(store.db, clientName),
  });
  return { config, store, inbox, log, close: () => store.close() };
}

/** Runs `fn` with a context and closes it; a coded error is printed as one line and sets exit code 1. */
export async function withCliContext(
  command: Command,
  fn: (context: CliContext) => Promise<void>,
): Promise<void> {
  const context = await openCliContext(command);
  if (!context) return;
  try {
    await fn(context);
  } catch (error) {
    const coded = error as { code?: string; message?: string };
    if (!coded.code?.startsWith('MSI_')) throw error;
    process.stderr.write(`error: ${coded.message} (${coded.code})\n`);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}
