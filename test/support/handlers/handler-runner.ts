import { parseConfigText, type AppConfig } from '../../../src/config/index.js';
import type { EmailData, HandlerDecision, HandlerDirectory } from '../../../src/handlers/index.js';
import type { Store } from '../../../src/store/index.js';

/**
 * Calls a handler as the pipeline does: resolve the target, call it, and for a processed mail apply its
 * commit in one transaction (where the pipeline also marks the ledger row Processed).
 */
export async function runHandler(
  input: { directory: HandlerDirectory; store: Pick<Store, 'transaction'> },
  target: string,
  email: EmailData,
  kind: 'notification' | 'recovery' = 'notification',
): Promise<{ decision: HandlerDecision; committed: unknown }> {
  const handler = input.directory.resolve(target);
  if (!handler) throw new Error(`no handler answers ${target}`);
  const decision = await handler({
    kind,
    email,
    resource: { id: 'resource-1', clientName: 'contoso', email: email.subscriptionEmail },
    signal: new AbortController().signal,
  });
  const commit = decision.status === 'processed' ? decision.commit : undefined;
  const committed = commit ? await input.store.transaction((trx) => commit(trx)) : undefined;
  return { decision, committed };
}

const configText = `my-application:
    config:
        limepkg_ms_inbox:
            contoso:
                client_id: 5f0c2d7e-3b9a-4e61-8c2f-9a1d4b6e7c30
                tenant_id: 9c1e4b2a-6d3f-4a8e-b5c7-1f2e3d4a5b6c
    secrets:
        limepkg_ms_inbox:
            contoso:
                client_secret: test-secret-value
`;

/** A valid configuration in the seed's layout, for handler tests. */
export function testAppConfig(): AppConfig {
  return parseConfigText(configText, { sourceName: 'test', env: {} }).config;
}
