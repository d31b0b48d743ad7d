import { describe, expect, it } from 'vitest';
import { GraphNotFound } from '../errors/index.js';
import { createGraphBatcher } from './graph-batcher.js';
import type { GraphRequest } from './graph-http.js';
import { defaultRetryPolicy } from './retry-policy.js';
import { toBatchItem, type BatchItem, type BatchOperations, type BatchResult } from './operations/batch.js';
import { messageRequests } from './operations/messages.js';

const retry = { ...defaultRetryPolicy, baseDelayMs: 5 };
const request = (operation: string, method: 'GET' | 'POST', path: string): GraphRequest => ({
  operation,
  method,
  path,
  mailbox: 'x@y.z',
});

function fakeBatch(answer: (item: BatchItem) => Omit<BatchResult, 'id'>) {
  const sent: BatchItem[][] = [];
  const batch: BatchOperations = {
    async run(items) {
      sent.push(items);
      return new Map(items.map((item) => [item.id, { id: item.id, ...answer(item) }]));
    },
  };
  return { batch, sent };
}

describe('Graph batcher', () => {
  it('sends the requests of one mailbox that arrive within the window as one $batch, each getting its own answer', async () => {
    const { batch, sent } = fakeBatch((item) => ({ status: 200, headers: {}, body: { url: item.url } }));
    const batcher = createGraphBatcher({ batch, windows: { readMs: 20, writeMs: 20 }, retry });
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        batcher.submit<{ url: string }>('x@y.z', 'readMs', request('messages.get', 'GET', `/m/${id}`)),
      ),
    );
    expect(answers.map((a) => a.url)).toEqual(['/m/a', '/m/b', '/m/c']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.map((i) => i.url)).toEqual(['/m/a', '/m/b', '/m/c']);
  });

  it('sends at once when twenty requests wait, and keeps mailboxes apart', async () => {
    const { batch, sent } = fakeBatch(() => ({ status: 204, headers: {}, body: undefined }));
    const batcher = createGraphBatcher({ batch, windows: { readMs: 60_000, writeMs: 60_000 }, retry });
    const first = Array.from({ length: 20 }, (_, i) =>
      batcher.submit('x@y.z', 'writeMs', request('messages.move', 'POST', `/m/${i}/move`)),
    );
    await Promise.all(first);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(20);
  });

  it('turns an item Graph answered 404 into the coded error a single request gives', async () => {
    const { batch } = fakeBatch((item) =>
      item.url.endsWith('gone')
        ? { status: 404, headers: {}, body: { error: { code: 'ErrorItemNotFound', message: 'not found' } } }
        : { status: 200, headers: {}, body: {} },
    );
    const batcher = createGraphBatcher({ batch, windows: { readMs: 5, writeMs: 5 }, retry });
    const [ok, gone] = await Promise.allSettled([
      batcher.submit('x@y.z', 'readMs', request('messages.get', 'GET', '/m/here')),
      batcher.submit('x@y.z', 'readMs', request('messages.get', 'GET', '/m/gone')),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(gone.status === 'rejected' && GraphNotFound.is(gone.reason)).toBe(true);
  });

  it('sends a throttled item again after its Retry-After, without holding back the others', async () => {
    let throttled = 0;
    const { batch, sent } = fakeBatch((item): Omit<BatchResult, 'id'> => {
      if (item.url === '/m/slow' && throttled < 2) {
        throttled += 1;
        return {
          status: 429,
          headers: { 'Retry-After': '0.05' },
          body: { error: { code: 'TooManyRequests' } },
        };
      }
      return { status: 200, headers: {}, body: { url: item.url } };
    });
    const batcher = createGraphBatcher({ batch, windows: { readMs: 5, writeMs: 5 }, retry });
    const slow = batcher.submit<{ url: string }>(
      'x@y.z',
      'readMs',
      request('messages.get', 'GET', '/m/slow'),
    );
    const fast = batcher.submit<{ url: string }>(
      'x@y.z',
      'readMs',
      request('messages.get', 'GET', '/m/fast'),
    );
    expect((await fast).url).toBe('/m/fast');
    expect((await slow).url).toBe('/m/slow');
    expect(sent.map((b) => b.map((i) => i.url))).toEqual([['/m/slow', '/m/fast'], ['/m/slow'], ['/m/slow']]);
  });

  it('puts the very request a direct call sends into the batch: its path, encoded query and body', () => {
    expect(toBatchItem(messageRequests.get('a b@y.z', 'AA=', 'id,subject'))).toEqual({
      method: 'GET',
      url: '/users/a%20b%40y.z/messages/AA%3D?$select=id%2Csubject',
    });
    expect(toBatchItem(messageRequests.move('x@y.z', 'm1', 'deleteditems'))).toEqual({
      method: 'POST',
      url: '/users/x%40y.z/messages/m1/move',
      body: { destinationId: 'deleteditems' },
    });
    expect(() =>
      toBatchItem({
        operation: 'messages.mime',
        method: 'GET',
        path: '/m/$value',
        mailbox: null,
        expect: 'stream',
      }),
    ).toThrow('messages.mime cannot be sent inside $batch');
  });
});
