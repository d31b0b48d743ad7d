import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import { createSilentLogger } from '../../shared/index.js';
import { createExternalHandler } from './external-handler.js';
import { generateTestCertificates, type TestCertificates } from './fixtures/certificates.js';
import { handlerCall } from './fixtures/handler-call.js';
import { startReceiver, type TestReceiver } from './fixtures/receiver.js';
import { loopbackEgress } from '../../../test/support/handlers/loopback-egress.js';

let certificates: TestCertificates;
let receiver: TestReceiver;

beforeAll(async () => {
  certificates = generateTestCertificates();
  receiver = await startReceiver(() => ({ status: 200, body: '{"ok":true}' }), {
    tls: { key: certificates.serverKey, cert: certificates.serverCert },
  });
});

afterAll(async () => {
  await receiver.close();
});

const handlerWith = (caPem: string | null) =>
  createExternalHandler({
    url: receiver.url,
    secrets: { current: 'tls-secret' },
    caPem,
    egress: loopbackEgress,
    log: createSilentLogger(),
  });

describe('external handler with a self-signed HTTPS receiver', () => {
  it('works when the receiver’s CA is configured', async () => {
    expect(await handlerWith(certificates.caPem)(handlerCall())).toEqual({
      status: 'processed',
      result: { ok: true },
    });
  });

  it('without the CA fails, retryably, saying the certificate is not trusted and where to name the CA', async () => {
    const error: unknown = await handlerWith(null)(handlerCall()).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('MSI_EXTERNAL_HANDLER_TLS_FAILED');
    expect(isAppError(error) && error.retryable).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('is not trusted');
    expect(message).toContain('recovery.path_to_verify_cert');
  });

  it('with an unrelated CA configured it still fails and says the configured CA did not issue the certificate', async () => {
    const error: unknown = await handlerWith(certificates.otherCaPem)(handlerCall()).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('MSI_EXTERNAL_HANDLER_TLS_FAILED');
    expect((error as Error).message).toContain('not issued by the configured CA file');
  });

  it('a CA file without a PEM certificate is refused at creation', () => {
    expect(() => handlerWith('this is not a certificate')).toThrow(/no PEM certificate/);
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(() => handlerWith(broken)).toThrow(/cannot be read/);
  });
});
