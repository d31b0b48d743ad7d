import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import { createEgressGuard, rangeOf, strictEgress, type Resolve } from './index.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A resolver answering from a table, as a DNS server under an attacker's control could. */
const resolverOf =
  (table: Record<string, string[]>): Resolve =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusalOf(check: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await check.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a coded error, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('egress guard', () => {
  it('knows loopback, link-local, private and public addresses, IPv4-mapped IPv6 included', () => {
    expect(rangeOf('127.0.0.1')).toBe('loopback');
    expect(rangeOf('127.8.9.10')).toBe('loopback');
    expect(rangeOf('::1')).toBe('loopback');
    expect(rangeOf('::ffff:127.0.0.1')).toBe('loopback');
    expect(rangeOf('169.254.169.254')).toBe('link-local');
    expect(rangeOf('fe80::1')).toBe('link-local');
    expect(rangeOf('0.0.0.0')).toBe('unspecified');
    expect(rangeOf('10.1.2.3')).toBe('private');
    expect(rangeOf('172.16.0.1')).toBe('private');
    expect(rangeOf('172.32.0.1')).toBe('public');
    expect(rangeOf('192.168.1.1')).toBe('private');
    expect(rangeOf('fd12::1')).toBe('private');
    expect(rangeOf('100.64.0.1')).toBe('shared (carrier-grade NAT)');
    expect(rangeOf('20.190.160.1')).toBe('public');
    expect(rangeOf('2603:1000::1')).toBe('public');
  });

  it('refuses 127.0.0.1 and 169.254.169.254 by default, with the address, its range and what to do', async () => {
    const guard = createEgressGuard(strictEgress);
    const loopback = await refusalOf(guard.checkTarget('https://127.0.0.1:8443/hook?token=abc'));
    expect(loopback.code).toBe('MSI_EGRESS_REFUSED');
    expect(loopback.message).toBe(
      'Refused to call https://127.0.0.1:8443: it resolves to 127.0.0.1, a loopback address. List the address in server.egress_allow if this call is intended (for example a handler on this machine during development).',
    );
    const metadata = await refusalOf(guard.checkTarget('http://169.254.169.254/latest/meta-data/'));
    expect(metadata.message).toContain('169.254.169.254, a link-local address');
    expect((await refusalOf(guard.checkTarget('https://[::1]/x'))).message).toContain('::1, a loopback');
  });

  it('refuses a name that resolves to a private address unless private addresses are allowed', async () => {
    const resolve = resolverOf({
      'crm.intranet.example': ['10.20.30.40'],
      'mixed.example': ['20.190.160.1', '10.0.0.1'],
    });
    const strict = createEgressGuard(strictEgress, { resolve });
    const refused = await refusalOf(strict.checkTarget('https://crm.intranet.example/inbox'));
    expect(refused.message).toContain('it resolves to 10.20.30.40, a private address');
    expect(refused.message).toContain('server.egress_allow_private');
    // One internal address among public ones is enough to refuse.
    expect((await refusalOf(strict.checkTarget('https://mixed.example/'))).code).toBe('MSI_EGRESS_REFUSED');

    const privateAllowed = createEgressGuard({ allowPrivate: true, allow: [] }, { resolve });
    await expect(privateAllowed.checkTarget('https://crm.intranet.example/inbox')).resolves.toBeUndefined();
    // Allowing private ranges never opens loopback or the metadata service.
    expect((await refusalOf(privateAllowed.checkTarget('https://127.0.0.1/'))).code).toBe(
      'MSI_EGRESS_REFUSED',
    );
    expect((await refusalOf(privateAllowed.checkTarget('https://169.254.169.254/'))).code).toBe(
      'MSI_EGRESS_REFUSED',
    );
  });

  it('lets listed addresses and blocks through, and says when a name does not resolve', async () => {
    const guard = createEgressGuard(
      { allowPrivate: false, allow: ['127.0.0.1', '10.9.0.0/16'] },
      { resolve: resolverOf({ 'crm.intranet.example': ['10.9.1.2'] }) },
    );
    await expect(guard.checkTarget('https://127.0.0.1:9000/')).resolves.toBeUndefined();
    await expect(guard.checkTarget('https://crm.intranet.example/')).resolves.toBeUndefined();
    expect((await refusalOf(guard.checkTarget('https://127.0.0.2/'))).code).toBe('MSI_EGRESS_REFUSED');
    const unknown = await refusalOf(guard.checkTarget('https://nowhere.example/'));
    expect(unknown).toEqual({
      code: 'MSI_EGRESS_UNRESOLVABLE',
      message: 'Cannot call https://nowhere.example: its host name does not resolve (ENOTFOUND)',
    });
    expect(() => createEgressGuard({ allowPrivate: false, allow: ['10.0.0.0/33'] })).toThrow(
      /not an IP address/,
    );
  });

  it('refuses at connect time a name that resolved to a public address when saved (DNS rebinding)', async () => {
    let requests = 0;
    const server = http.createServer((_, res) => {
      requests += 1;
      res.end('ok');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let lookups = 0;
    // First answer public (the save-time check passes), then the attacker's DNS points the name at loopback.
    const resolve: Resolve = async () => [
      { address: lookups++ === 0 ? '20.190.160.1' : '127.0.0.1', family: 4 },
    ];
    const guard = createEgressGuard(strictEgress, { resolve });
    await expect(guard.checkTarget(`http://rebind.example:${port}/`)).resolves.toBeUndefined();

    const failure = await new Promise<unknown>((done) => {
      const req = http.request(`http://rebind.example:${port}/`, { lookup: guard.lookup }, () => done(null));
      req.on('error', done);
      req.end();
    });
    expect(isAppError(failure) && failure.code).toBe('MSI_EGRESS_REFUSED');
    expect(requests).toBe(0);

    // The same lookup lets an allowed address connect.
    const allowed = createEgressGuard(
      { allowPrivate: false, allow: ['127.0.0.1'] },
      { resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    );
    const status = await new Promise<number | undefined>((done, fail) => {
      const req = http.request(`http://handler.example:${port}/`, { lookup: allowed.lookup }, (res) => {
        res.resume();
        done(res.statusCode);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(200);
    expect(requests).toBe(1);
  });
});
