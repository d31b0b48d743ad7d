import { afterEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../errors/index.js';
import { createLogger, createSilentLogger } from '../../shared/index.js';
import type { HandlerDecision } from '../contract.js';
import { createExternalHandler, type ExternalHandlerOptions } from './external-handler.js';
import { fileAttachment, handlerCall } from './fixtures/handler-call.js';
import { startReceiver, type ReceiverAnswer, type TestReceiver } from './fixtures/receiver.js';
import type { ExternalRequestBody } from './request-body.js';
import { verifySignature } from './signature.js';
import { loopbackEgress } from '../../../test/support/handlers/loopback-egress.js';

const secret = 'whsec-current-7f3a9c';
const previousSecret = 'whsec-previous-1b2c3d';
const receivers: TestReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(answer: (index: number) => ReceiverAnswer): Promise<TestReceiver> {
  const started = await startReceiver((_, index) => answer(index));
  receivers.push(started);
  return started;
}

function handlerFor(url: string, options: Partial<ExternalHandlerOptions> = {}) {
  return createExternalHandler({
    url,
    secrets: { current: secret },
    log: createSilentLogger(),
    egress: loopbackEgress,
    ...options,
  });
}

async function failureOf(promise: Promise<HandlerDecision>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a coded error, got ${String(error)}`);
  return error;
}

const bodyOf = (r: TestReceiver, index = 0) =>
  JSON.parse(r.requests[index]?.body.toString('utf8') ?? 'null') as ExternalRequestBody;

describe('external handler over HTTP', () => {
  it('POSTs the mail as JSON with a signature the receiver verifies with verifySignature', async () => {
    const r = await receiver(() => ({ status: 200, body: '{"ticket":"abc123"}' }));
    const decision = await handlerFor(r.url)(handlerCall());

    expect(decision).toEqual({ status: 'processed', result: { ticket: 'abc123' } });
    const request = r.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/mail');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.headers['user-agent']).toMatch(/^ms-inbox\/\d+\.\d+\.\d+/);
    expect(request?.headers['ms-inbox-attempt']).toBe('1');
    expect(request?.headers['ms-inbox-delivery']).toBe(bodyOf(r).deliveryId);
    const header = String(request?.headers['ms-inbox-signature']);
    expect(verifySignature({ secrets: secret, header, body: request?.body ?? '' })).toBe(true);
    expect(verifySignature({ secrets: 'wrong', header, body: request?.body ?? '' })).toBe(false);
    expect(bodyOf(r).email.subject).toBe('Printer on fire [abc123]');
  });

  it('during a rotation a receiver that knows only the previous secret still verifies', async () => {
    const r = await receiver(() => ({ status: 204 }));
    await handlerFor(r.url, { secrets: { current: secret, previous: previousSecret } })(handlerCall());
    const request = r.requests[0];
    const header = String(request?.headers['ms-inbox-signature']);
    expect(verifySignature({ secrets: previousSecret, header, body: request?.body ?? '' })).toBe(true);
    expect(verifySignature({ secrets: secret, header, body: request?.body ?? '' })).toBe(true);
  });

  it('a 503 is retryable, and the retry is processed with attempt 2 and the same delivery id', async () => {
    const r = await receiver((index) =>
      index === 0 ? { status: 503, body: 'busy' } : { status: 200, body: '{}' },
    );
    const handler = handlerFor(r.url);

    const error = await failureOf(handler(handlerCall({ attempt: 1 })));
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('503');

    expect(await handler(handlerCall({ attempt: 2 }))).toEqual({ status: 'processed', result: {} });
    expect(r.requests[1]?.headers['ms-inbox-attempt']).toBe('2');
    expect(r.requests[1]?.headers['ms-inbox-delivery']).toBe(r.requests[0]?.headers['ms-inbox-delivery']);
    expect(bodyOf(r, 1).attempt).toBe(2);
  });

  it('a 400 fails at once with the status and the start of the answer in the message', async () => {
    const r = await receiver(() => ({ status: 400, body: `{"error":"unknown mailbox"}${'x'.repeat(2000)}` }));
    const error = await failureOf(handlerFor(r.url)(handlerCall()));
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('unknown mailbox');
    expect(error.message.length).toBeLessThan(700);
  });

  it('a 429 with Retry-After is retryable and carries retryAfterMs', async () => {
    const r = await receiver(() => ({ status: 429, headers: { 'retry-after': '7' } }));
    const error = await failureOf(handlerFor(r.url)(handlerCall()));
    expect(error.retryable).toBe(true);
    expect(error.params).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });

  it('a receiver that does not answer in time gives a retryable timeout', async () => {
    const r = await receiver(() => ({ hang: true }));
    const error = await failureOf(handlerFor(r.url, { timeoutMs: 150 })(handlerCall()));
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('150 ms');
  });

  it('aborting the call signal stops the request with a retryable error', async () => {
    const r = await receiver(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = handlerFor(r.url)(handlerCall({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(pending);
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_TIMEOUT');
    expect(error.message).toContain('aborted');
  });

  it('a refused connection is retryable', async () => {
    const r = await receiver(() => ({ status: 200 }));
    await r.close();
    const error = await failureOf(handlerFor(r.url)(handlerCall()));
    expect(error.code).toBe('MSI_EXTERNAL_HANDLER_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a false answer skips the mail', async () => {
    const r = await receiver(() => ({ status: 200, body: 'false' }));
    expect(await handlerFor(r.url)(handlerCall())).toEqual({ status: 'skipped' });
  });

  it('an answer longer than maxBodyBytes is still processed, with a null result', async () => {
    const r = await receiver(() => ({ status: 200, body: JSON.stringify({ big: 'z'.repeat(5000) }) }));
    expect(await handlerFor(r.url, { maxBodyBytes: 100 })(handlerCall())).toEqual({
      status: 'processed',
      result: null,
    });
  });

  it('small attachments arrive inline as base64, large ones flagged contentOmitted', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const small = Buffer.from('%PDF-1.4 tiny');
    const call = handlerCall({
      attachments: [fileAttachment('tiny.pdf', small), fileAttachment('huge.iso', Buffer.alloc(2048))],
    });
    await handlerFor(r.url, { attachmentInlineLimitBytes: 1024 })(call);
    const [tiny, huge] = bodyOf(r).email.attachments;
    expect(Buffer.from(tiny?.contentBytes ?? '', 'base64')).toEqual(small);
    expect(huge).toMatchObject({ name: 'huge.iso', size: 2048, contentOmitted: true });
    expect(huge?.contentBytes).toBeUndefined();
  });

  it('the secrets never appear in an error message or a log line, even when the receiver echoes them', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void lines.push(line) },
    });
    const echo = `invalid signature; we expected ${secret} or ${previousSecret}`;
    const answers: ReceiverAnswer[] = [
      { status: 401, body: echo },
      { status: 500, body: echo },
      { status: 200, body: JSON.stringify({ echo }) },
      { hang: true },
    ];
    const r = await receiver((index) => answers[index] ?? { status: 200 });
    const handler = createExternalHandler({
      url: r.url,
      secrets: { current: secret, previous: previousSecret },
      timeoutMs: 200,
      egress: loopbackEgress,
      log,
    });

    const messages: string[] = [];
    for (let i = 0; i < answers.length; i++) {
      await handler(handlerCall()).catch((error: unknown) => messages.push(String((error as Error).message)));
    }

    expect(messages).toHaveLength(3);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const text of [...messages, ...lines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(previousSecret);
    }
    expect(messages[0]).toContain('[redacted]');
  });
});

describe('external handler egress guard', () => {
  it('by default refuses a receiver on loopback without sending it anything, and the mail fails at once', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const error = await failureOf(handlerFor(r.url, { egress: undefined })(handlerCall()));
    expect(error.code).toBe('MSI_EGRESS_REFUSED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('a loopback address');
    expect(r.requests).toHaveLength(0);
  });

  it('refuses the cloud metadata address 169.254.169.254 before connecting', async () => {
    const error = await failureOf(
      handlerFor('https://169.254.169.254/latest/meta-data/', { egress: undefined })(handlerCall()),
    );
    expect(error.code).toBe('MSI_EGRESS_REFUSED');
    expect(error.message).toContain('169.254.169.254, a link-local address');
  });
});

describe('external handler targets', () => {
  it('plain http is refused for hosts other than loopback, at creation', () => {
    expect(() => handlerFor('http://hooks.example/mail')).toThrow(/MSI|only for 127\.0\.0\.1/);
    try {
      handlerFor('http://hooks.example/mail?token=abc');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('MSI_EXTERNAL_HANDLER_CONFIG_INVALID');
      expect(String((error as Error).message)).not.toContain('token=abc');
    }
  });

  it('https anywhere and http on loopback are accepted', () => {
    for (const url of [
      'https://hooks.example/mail',
      'http://127.0.0.1:8080/mail',
      'http://[::1]:8080/mail',
      'http://localhost/mail',
    ]) {
      expect(() => handlerFor(url)).not.toThrow();
    }
  });

  it('other schemes, unparsable URLs and a missing secret are refused at creation', () => {
    for (const url of ['ftp://hooks.example/mail', 'not a url', '/inbox/']) {
      expect(() => handlerFor(url)).toThrow(
        expect.objectContaining({ code: 'MSI_EXTERNAL_HANDLER_CONFIG_INVALID' }),
      );
    }
    expect(() => handlerFor('https://hooks.example/mail', { secrets: { current: '' } })).toThrow(
      /no signing secret/,
    );
  });
});
