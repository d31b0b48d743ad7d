import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTenant, type Simulator } from '../index.js';
import { startSimulator, support } from '../test-support/helpers.js';

let sim: Simulator;
let url: string;

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
  sim.control.addFault({ id: 'kept', kind: 'latency', operation: 'message.get', latencyMs: 1 });
});
afterEach(() => sim.close());

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary control JSON
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** What the control surface shows of the simulator's state, without the moving clock. */
async function snapshot() {
  const info = await control('GET', '/_sim/info');
  const faults = await control('GET', '/_sim/faults');
  const { tenants, timeScale } = info.body as { tenants: unknown; timeScale: number };
  return { tenants, timeScale, faults: faults.body };
}

describe('the /_sim control routes', () => {
  it('refuses an app with a bad body with 400 naming the field, and creates no app', async () => {
    const apps = () => sim.control.info().tenants.flatMap((t) => t.apps.map((a) => a.clientId));
    const before = apps();
    const answer = await control('POST', `/_sim/tenants/${demoTenant.tenantId}/apps`, {
      clientId: '0b5e8a51-7c3e-4c1f-9a55-3f1d0c6b2a10',
      secret: 42,
    });
    expect(answer.status).toBe(400);
    expect(apps()).toEqual(before);
    expect(answer.body?.error).toEqual({
      code: 'BadRequest',
      message: expect.stringMatching(/^invalid request body \(secret: .*string/),
    });
  });

  it('leaves no app behind when the programmatic call names an empty secret', () => {
    const count = () => sim.control.info().tenants.flatMap((t) => t.apps).length;
    const before = count();
    expect(() => sim.control.addApp(demoTenant.tenantId, { secret: '' })).toThrow(/secret/);
    expect(count()).toBe(before);
  });

  it('refuses every malformed body with 400 and changes nothing', async () => {
    const before = await snapshot();
    const app = `/_sim/apps/${demoTenant.clientId}`;
    const mailbox = `/_sim/users/${support}`;
    const cases: Array<[method: string, path: string, body: unknown, field: string]> = [
      ['POST', '/_sim/tenants', {}, 'domain'],
      ['POST', `/_sim/tenants/${demoTenant.tenantId}/apps`, { roles: ['Mail.Everything'] }, 'roles.0'],
      ['POST', `/_sim/tenants/${demoTenant.tenantId}/apps`, { role: ['Mail.Read'] }, 'body'],
      ['POST', `/_sim/tenants/${demoTenant.tenantId}/mailboxes`, { address: 5 }, 'address'],
      ['POST', `${app}/secrets`, { expiresAt: 'tomorrow' }, 'expiresAt'],
      ['PUT', `${app}/roles`, {}, 'roles'],
      ['PUT', `${app}/access-policy`, {}, 'mailboxes'],
      ['PUT', `${mailbox}/enabled`, { enabled: 'false' }, 'enabled'],
      ['POST', `${mailbox}/messages`, [1, 2], 'body'],
      ['POST', '/_sim/faults', { kind: 'throttle', probabilty: 0.5 }, 'body'],
      ['POST', '/_sim/faults', { kind: 'throttle', probability: 2 }, 'probability'],
      ['PUT', '/_sim/faults', [{ kind: 'throttle' }, { kind: 'earthquake' }], '1.kind'],
      ['PUT', '/_sim/faults', { kind: 'throttle' }, 'body'],
      [
        'POST',
        '/_sim/subscriptions/5f0c7c2e-0000-4000-8000-000000000000/lifecycle',
        { event: 'gone' },
        'event',
      ],
      ['POST', '/_sim/delta/expire', { mailbox: 7 }, 'mailbox'],
      ['POST', '/_sim/time/advance', { ms: 'soon' }, 'ms'],
      ['POST', '/_sim/time/advance', {}, 'body'],
      ['PUT', '/_sim/time/scale', { factor: 0 }, 'factor'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await control(method, path, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 400 });
      expect(answer.body?.error.message).toContain(`${field}:`);
    }
    expect(await snapshot()).toEqual(before);
    const time = await control('GET', '/_sim/time');
    expect(Number.isNaN(Date.parse(time.body?.now))).toBe(false);
  });

  it('still takes well-formed bodies', async () => {
    const added = await control('POST', '/_sim/faults', { kind: 'throttle', probability: 0.5, count: 1 });
    expect(added.status).toBe(201);
    expect((await control('DELETE', `/_sim/faults/${added.body?.id}`)).status).toBe(204);
    const advanced = await control('POST', '/_sim/time/advance', { minutes: 1 });
    expect(advanced.status).toBe(200);
    expect((await control('PUT', `/_sim/users/${support}/enabled`, { enabled: true })).status).toBe(200);
  });
});
