import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../index.js';
import { getToken, graphClient, sales, startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;
const pageOf2 = { prefer: 'odata.maxpagesize=2' };

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(() => sim.close());

async function fullRound(startPath: string, headers = pageOf2) {
  const pages = [];
  let link: string | undefined = startPath;
  while (link) {
    const page = await graph('GET', link, undefined, headers);
    expect(page.status).toBe(200);
    pages.push(page);
    link = page.body['@odata.nextLink'];
  }
  return pages;
}

describe('delta query on a mail folder', () => {
  it('pages with nextLink, ends with a deltaLink, and reports a deleted message as @removed', async () => {
    const delivered = [];
    for (let i = 1; i <= 6; i++)
      delivered.push(await sim.control.deliver(support, { subject: `delta ${i}` }));
    const first = await fullRound(`users/${support}/mailFolders('Inbox')/messages/delta?$select=subject`);
    expect(first).toHaveLength(3);
    expect(first.map((p) => p.body.value.length)).toEqual([2, 2, 2]);
    expect(first[0]?.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(first.slice(0, 2).every((p) => p.body['@odata.nextLink'].includes('$skiptoken='))).toBe(true);
    const deltaLink = first[2]?.body['@odata.deltaLink'] as string;
    expect(deltaLink).toContain('$deltatoken=');
    expect(first.flatMap((p) => p.body.value.map((m: { subject: string }) => m.subject)).sort()).toEqual(
      delivered.map((_, i) => `delta ${i + 1}`),
    );

    const gone = delivered[1]?.id ?? '';
    expect((await graph('DELETE', `users/${support}/messages/${encodeURIComponent(gone)}`)).status).toBe(204);
    const added = await sim.control.deliver(support, { subject: 'delta 7' });
    const second = await fullRound(deltaLink);
    const items = second.flatMap((p) => p.body.value);
    expect(items).toContainEqual({
      '@odata.type': '#microsoft.graph.message',
      id: gone,
      '@removed': { reason: 'deleted' },
    });
    expect(items.filter((m: { id: string }) => m.id === added.id)).toHaveLength(1);
    expect(items).toHaveLength(2);

    // Nothing changed since: the next round is empty but hands out a new deltaLink.
    const third = await fullRound(second[second.length - 1]?.body['@odata.deltaLink']);
    expect(third).toHaveLength(1);
    expect(third[0]?.body.value).toEqual([]);
  });

  it('answers 410 syncStateNotFound for an expired delta token', async () => {
    await sim.control.deliver(sales, { subject: 'for sales' });
    const [page] = await fullRound(`users/${sales}/mailFolders/inbox/messages/delta`);
    const deltaLink = page?.body['@odata.deltaLink'] as string;
    sim.control.expireDeltaTokens(sales);
    const expired = await graph('GET', deltaLink);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('syncStateNotFound');
    // A fresh round without a token works again.
    expect((await graph('GET', `users/${sales}/mailFolders/inbox/messages/delta`)).status).toBe(200);
  });

  it('filters the first round by receivedDateTime and by changeType', async () => {
    await sim.control.deliver(sales, { subject: 'old', receivedDateTime: '2020-01-01T00:00:00Z' });
    const current = await sim.control.deliver(sales, { subject: 'current' });
    const recent = await graph(
      'GET',
      `users/${sales}/mailFolders/inbox/messages/delta?$filter=receivedDateTime ge 2025-01-01T00:00:00Z&$select=subject`,
    );
    expect(recent.body.value.map((m: { subject: string }) => m.subject)).toEqual(['current']);
    const deltaLink = recent.body['@odata.deltaLink'] as string;
    await graph('PATCH', `users/${sales}/messages/${encodeURIComponent(current.id)}`, { isRead: true });
    const next = await graph('GET', deltaLink);
    expect(next.body.value.map((m: { id: string }) => m.id)).toEqual([current.id]);

    const createdOnly = await graph(
      'GET',
      `users/${sales}/mailFolders/inbox/messages/delta?changeType=created`,
    );
    const createdLink = createdOnly.body['@odata.deltaLink'] as string;
    await graph('PATCH', `users/${sales}/messages/${encodeURIComponent(current.id)}`, { isRead: false });
    expect((await graph('GET', createdLink)).body.value).toEqual([]);
  });
});
