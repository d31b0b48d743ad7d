import { describe, expect, it } from 'vitest';
import { mapGraphFailure, type GraphFailure } from './graph-error-mapper.js';

const failure = (over: Partial<GraphFailure> & { code: string }): GraphFailure => ({
  operation: 'messages.get',
  mailbox: 'support@contoso.com',
  status: 404,
  body: { error: { code: over.code, message: 'Graph says so' } },
  requestId: null,
  ...over,
});

describe('mapGraphFailure', () => {
  it('a mailbox that does not exist is "mailbox not found or not licensed", with what to check', () => {
    for (const error of [
      mapGraphFailure(failure({ code: 'ErrorInvalidUser' })),
      mapGraphFailure(failure({ code: 'ExtensionError', operation: 'subscriptions.create' })),
    ]) {
      expect(error.code).toBe('MSI_GRAPH_MAILBOX_NOT_FOUND');
      expect(error.message).toMatch(/^Mailbox not found or not licensed for /);
      expect(error.message).toContain('Exchange Online licence');
      expect(error.message).toContain('application access policy');
    }
  });

  it('a subscription Graph no longer knows stays "not found", so it is recreated', () => {
    const gone = mapGraphFailure(failure({ code: 'ResourceNotFound', operation: 'subscriptions.renew' }));
    expect(gone.code).toBe('MSI_GRAPH_NOT_FOUND');
  });
});
