import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../index.js';
import { getToken, graphClient, startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
  const started = await startSimulator();
  sim = started.sim;
  graph = graphClient(started.url, await getToken(started.url));
});
afterEach(() => sim.close());

describe('message bodies as text', () => {
  it('serves a mail whose HTML names an impossible code point, with U+FFFD in its place', async () => {
    const delivered = await sim.control.deliver(support, {
      subject: 'impossible character',
      body: { contentType: 'html', content: '<p>before&#x110000;after &#0; &#xD800;</p>' },
    });
    const path = `users/${support}/messages/${encodeURIComponent(delivered.id)}?$select=body,bodyPreview`;
    const text = await graph('GET', path, undefined, { prefer: 'outlook.body-content-type="text"' });
    expect(text.status).toBe(200);
    expect(text.body.body).toEqual({ contentType: 'text', content: 'before\ufffdafter \ufffd \ufffd' });
    expect(text.body.bodyPreview).toBe('before\ufffdafter \ufffd \ufffd');
  });
});
