import { randomBytes } from 'node:crypto';
import { demoTenant } from '../src/simulator/index.js';
import { adminCall } from '../test/support/processes/service-cluster.js';
import { sleep } from '../test/support/mail/mail-stream.js';
import { readTickets } from '../test/support/processes/ticket-handler.js';
import { waitFor } from '../test/support/wait-for.js';
import { round, startBenchCluster, type BenchOptions } from './bench-env.js';

/** P5 figures: RSS of one ms-inbox process (role `all`, SQLite). */
export interface MemoryResult {
  resources: number;
  /** After the resources' subscriptions and first reconciliations, and an idle pause; no forced GC. */
  idleRssMb: number;
  /** The same after a forced full GC (what the process can return to). */
  idleRssAfterGcMb: number;
  /** V8 heap in use after that GC: what the process really holds, the rest of RSS being code and native memory. */
  idleHeapAfterGcMb: number;
  /** RSS of the same process before any resource existed. */
  freshRssMb: number;
  attachmentMb: number;
  /** Peak RSS while the handler streams the attachment, minus the RSS just before the mail arrived. */
  attachmentGrowthMb: number;
  attachmentGrowthRatio: number;
}

const mb = (bytes: number) => round(bytes / 2 ** 20);

/** Adds `count` mailboxes to the simulator and as resources, waiting for every subscription and delta baseline. */
async function addResources(cluster: Awaited<ReturnType<typeof startBenchCluster>>, count: number) {
  const addresses = Array.from({ length: count }, (_, i) => `box${i}@${demoTenant.domain}`);
  for (const address of addresses) cluster.sim.control.addMailbox(demoTenant.tenantId, { address });
  for (let i = 0; i < addresses.length; i += 20) {
    await Promise.all(
      addresses.slice(i, i + 20).map(async (email) => {
        const added = await adminCall(cluster.publicUrl, 'POST', '/api/resources', {
          clientName: 'demo',
          email,
          webhookTarget: '/inbox/',
        });
        if (added.status !== 201) throw new Error(`adding ${email}: ${added.status}`);
      }),
    );
  }
  await waitFor(
    `${count} subscriptions and delta baselines`,
    async () => {
      const baselines = await cluster.store.db
        .selectFrom('delta_links')
        .select(({ fn }) => fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return cluster.sim.control.listSubscriptions().length >= count && Number(baselines.n) >= count;
    },
    { timeoutMs: 600_000, intervalMs: 500 },
  );
  return addresses;
}

/**
 * Runs P5: idle RSS with 1,000 resources, then the growth while a 25 MB attachment is streamed by the handler.
 * `nodeFlags` are V8 options for the ms-inbox process (`NODE_OPTIONS` in a deployment).
 */
export async function runMemory(options: BenchOptions, nodeFlags: string[] = []): Promise<MemoryResult> {
  const cluster = await startBenchCluster('sqlite', options);
  try {
    const service = await cluster.startService(
      { instance: `p5${nodeFlags.length > 0 ? '-tuned' : ''}`, readAttachments: true, rssSampleMs: 10 },
      nodeFlags,
    );
    await sleep(3_000);
    const fresh = await service.stats();
    const resources = 1_000;
    const addresses = await addResources(cluster, resources);
    await sleep(options.quick ? 5_000 : 30_000);
    const idle = await service.stats();
    await service.gc();
    const afterGc = await service.stats();

    const attachmentBytes = 25 * 2 ** 20;
    const content = randomBytes(attachmentBytes);
    await service.resetPeak();
    const before = await service.stats();
    await cluster.sim.control.deliver(addresses[0] ?? '', {
      subject: 'Large attachment',
      body: { contentType: 'text', content: 'The scan is attached.' },
      from: { emailAddress: { address: 'scanner@example.com' } },
      attachments: [
        {
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: 'scan.pdf',
          contentType: 'application/pdf',
          contentBytes: content.toString('base64'),
        },
      ],
    });
    await waitFor(
      'the ticket of the large mail',
      async () => (await readTickets(cluster.store.db)).some((t) => t.subject === 'Large attachment'),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const ticket = (await readTickets(cluster.store.db)).find((t) => t.subject === 'Large attachment');
    if (ticket?.attachmentBytes !== attachmentBytes)
      throw new Error('the handler did not read the whole attachment');
    const after = await service.stats();
    await service.stop();
    const growth = after.peakRssBytes - before.rssBytes;
    return {
      resources,
      idleRssMb: mb(idle.rssBytes),
      idleRssAfterGcMb: mb(afterGc.rssBytes),
      idleHeapAfterGcMb: mb(afterGc.heapUsedBytes),
      freshRssMb: mb(fresh.rssBytes),
      attachmentMb: mb(attachmentBytes),
      attachmentGrowthMb: mb(growth),
      attachmentGrowthRatio: round(growth / attachmentBytes, 2),
    };
  } finally {
    await cluster.dispose();
  }
}
