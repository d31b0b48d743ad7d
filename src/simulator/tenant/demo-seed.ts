import { allMailRoles, type SimulatorSeed } from '../types.js';

/** Fixed identifiers of the demo tenant, so the demo configuration and docs can name them. */
export const demoTenant = Object.freeze({
  tenantId: '8c3c0bc1-9d6a-4e2b-bb0e-5d1f7a3c2e10',
  domain: 'contoso-demo.onmicrosoft.com',
  clientId: '4f6a1c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b',
  clientSecret: 'sim8Q~ms-inbox-demo-secret-not-for-production',
  secretExpiresAt: '2099-12-31T23:59:59Z',
  supportMailboxId: '0a1b2c3d-0000-4000-8000-000000000001',
  salesMailboxId: '0a1b2c3d-0000-4000-8000-000000000002',
});

/** The seed a bare simulator starts with: one tenant, one app with every mail role, support@ and sales@. */
export function createDemoSeed(): SimulatorSeed {
  return {
    tenants: [
      {
        id: demoTenant.tenantId,
        domain: demoTenant.domain,
        displayName: 'Contoso (simulated)',
        apps: [
          {
            clientId: demoTenant.clientId,
            displayName: 'ms-inbox demo',
            roles: [...allMailRoles],
            secrets: [
              { value: demoTenant.clientSecret, expiresAt: demoTenant.secretExpiresAt, displayName: 'demo' },
            ],
          },
        ],
        mailboxes: [
          { address: 'support', id: demoTenant.supportMailboxId, displayName: 'Support' },
          { address: 'sales', id: demoTenant.salesMailboxId, displayName: 'Sales' },
        ],
      },
    ],
  };
}
