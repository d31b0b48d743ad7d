import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../test/support/manual-clock.js';
import {
  openHelpdeskTestStore,
  type HelpdeskTestContext,
} from '../../test/support/handlers/helpdesk-store.js';
import { testDatabases } from '../../test/support/test-databases.js';
import { identifySender, senderIdBehaviours, type SenderIdBehaviour, type UnitOfWork } from './index.js';

const sender = 'anna@example.org';

/** One fixture per rule: after it, the rule named is the first that can find the company. */
const scenarios: Record<'a' | 'b' | 'c' | 'd' | 'e', (uow: UnitOfWork) => string> = {
  a: (uow) => {
    const company = uow.createCompany({ name: 'Via person' });
    uow.createPerson({ name: 'Anna', email: sender, companyId: company.id });
    return company.id;
  },
  b: (uow) => uow.createCompany({ name: 'Exact address', email: sender }).id,
  c: (uow) => uow.createCompany({ name: 'Same domain', email: 'info@example.org' }).id,
  d: (uow) => uow.createCompany({ name: 'Website', website: 'https://www.example.org/contact' }).id,
  e: (uow) => {
    const company = uow.createCompany({ name: 'Employer', email: 'office@other.net' });
    uow.createPerson({ name: 'Bert', email: 'bert@example.org', companyId: company.id });
    uow.createPerson({ name: 'Cecilia', email: 'cecilia@example.org', companyId: company.id });
    uow.createPerson({ name: 'No company', email: 'dan@example.org' });
    return company.id;
  },
};

const reach: Record<SenderIdBehaviour, string> = {
  PersonEmailDomain: 'abcde',
  CompanyEmailWebsite: 'abcd',
  CompanyEmailDomain: 'abc',
  CompanyEmailExact: 'ab',
  PersonEmailExact: 'a',
};

for (const db of testDatabases()) {
  describe(`sender identification on ${db.name}`, () => {
    let t: HelpdeskTestContext;
    const clock = createManualClock(new Date('2026-01-01T00:00:00Z'));
    beforeEach(async () => {
      t = await openHelpdeskTestStore(db, { clock });
    });
    afterEach(() => t.close());

    const seed = async (build: (uow: UnitOfWork) => unknown) => {
      const uow = t.helpdesk.unitOfWork();
      const result = build(uow);
      await t.helpdesk.applyNow(uow.commit());
      return result;
    };

    for (const behaviour of senderIdBehaviours) {
      for (const rule of ['a', 'b', 'c', 'd', 'e'] as const) {
        const applies = reach[behaviour].includes(rule);
        it(`${behaviour} ${applies ? 'finds' : 'does not use'} the company by rule (${rule})`, async () => {
          const companyId = await seed(scenarios[rule]);
          const identity = await identifySender(t.helpdesk, 'Anna@Example.org', behaviour);
          expect(identity.company?.id ?? null).toBe(applies ? companyId : null);
          expect(identity.companyRule).toBe(applies ? rule : null);
          expect(identity.person?.email ?? null).toBe(rule === 'a' ? sender : null);
        });
      }
    }

    for (const rule of ['a', 'b', 'c', 'd', 'e'] as const) {
      it(`does not link an archived company found by rule (${rule}), nor an archived person`, async () => {
        const companyId = String(await seed(scenarios[rule]));
        await t.helpdesk.referenceData.companies.setArchived(companyId, true);
        const withoutCompany = await identifySender(t.helpdesk, sender, 'PersonEmailDomain');
        expect(withoutCompany.company).toBeNull();
        expect(withoutCompany.person?.email ?? null).toBe(rule === 'a' ? sender : null);
        for (const person of await t.helpdesk.findPersonsByEmail(sender))
          await t.helpdesk.referenceData.persons.setArchived(person.id, true);
        expect((await identifySender(t.helpdesk, sender, 'PersonEmailDomain')).person).toBeNull();
      });
    }

    it('links the person by exact address in every mode, even without a company', async () => {
      await seed((uow) => uow.createPerson({ name: 'Anna', email: sender }));
      for (const behaviour of senderIdBehaviours) {
        const identity = await identifySender(t.helpdesk, sender, behaviour);
        expect(identity.person?.name).toBe('Anna');
        expect(identity.company).toBeNull();
      }
    });

    it('picks the most recently updated of several persons with the address and records the ambiguity', async () => {
      await seed((uow) => uow.createPerson({ name: 'Old Anna', email: sender }));
      clock.advance(60_000);
      const recent = await seed((uow) => uow.createPerson({ name: 'New Anna', email: sender }));
      const identity = await identifySender(t.helpdesk, sender, 'PersonEmailExact');
      expect(identity.person).toEqual(recent);
      expect(identity.ambiguities).toEqual([
        expect.stringMatching(
          /^2 persons have the address anna@example\.org: New Anna .*Old Anna.*most recently updated, New Anna\.$/,
        ),
      ]);
    });

    it('skips rule (b) when several companies have the address, and says so', async () => {
      await seed((uow) => {
        uow.createCompany({ name: 'One', email: sender });
        uow.createCompany({ name: 'Two', email: sender });
      });
      const identity = await identifySender(t.helpdesk, sender, 'CompanyEmailExact');
      expect(identity.company).toBeNull();
      expect(identity.ambiguities).toEqual([
        'Rule (b): 2 companies have the address anna@example.org (One, Two); none linked.',
      ]);
    });

    it('goes on to rule (d) when rule (c) finds several companies at the domain', async () => {
      const website = await seed((uow) => {
        uow.createCompany({ name: 'One', email: 'one@example.org' });
        uow.createCompany({ name: 'Two', email: 'two@example.org' });
        return uow.createCompany({ name: 'Site', website: 'example.org' }).id;
      });
      const identity = await identifySender(t.helpdesk, sender, 'CompanyEmailWebsite');
      expect(identity).toMatchObject({ company: { id: website }, companyRule: 'd' });
      expect(identity.ambiguities).toHaveLength(1);
    });

    it('goes on to rule (e) when several companies share the website domain', async () => {
      const employer = await seed((uow) => {
        uow.createCompany({ name: 'One', website: 'http://example.org' });
        uow.createCompany({ name: 'Two', website: 'www.example.org' });
        const company = uow.createCompany({ name: 'Employer' });
        uow.createPerson({ name: 'Bert', email: 'bert@example.org', companyId: company.id });
        return company.id;
      });
      const identity = await identifySender(t.helpdesk, sender, 'PersonEmailDomain');
      expect(identity).toMatchObject({ company: { id: employer }, companyRule: 'e' });
    });

    it('links no company by rule (e) when persons at the domain work for different companies', async () => {
      await seed((uow) => {
        const one = uow.createCompany({ name: 'One' });
        const two = uow.createCompany({ name: 'Two' });
        uow.createPerson({ name: 'Bert', email: 'bert@example.org', companyId: one.id });
        uow.createPerson({ name: 'Cecilia', email: 'cecilia@example.org', companyId: two.id });
      });
      const identity = await identifySender(t.helpdesk, sender, 'PersonEmailDomain');
      expect(identity.company).toBeNull();
      expect(identity.ambiguities).toEqual([
        expect.stringContaining('Rule (e): 2 companies employ persons at example.org'),
      ]);
    });

    it('does not match a website or domain that merely contains the sender domain', async () => {
      await seed((uow) => {
        uow.createCompany({
          name: 'Lookalike',
          email: 'info@notexample.org',
          website: 'https://example.org.evil.com',
        });
      });
      const identity = await identifySender(t.helpdesk, sender, 'PersonEmailDomain');
      expect(identity.company).toBeNull();
    });

    it('identifies nobody for a missing or malformed address', async () => {
      expect((await identifySender(t.helpdesk, null, 'PersonEmailDomain')).person).toBeNull();
      expect((await identifySender(t.helpdesk, 'no-at-sign', 'PersonEmailDomain')).company).toBeNull();
    });
  });
}
