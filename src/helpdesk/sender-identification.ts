import { HelpdeskSenderBehaviourUnknown } from '../errors/index.js';
import type { Company, Person } from './helpdesk-model.js';

/** How far `processEmail` goes to find the sender's person and company (Lime's `sender_id_behaviour`). */
export const senderIdBehaviours = [
  'PersonEmailDomain',
  'CompanyEmailWebsite',
  'CompanyEmailDomain',
  'CompanyEmailExact',
  'PersonEmailExact',
] as const;

/** One of the five modes; `PersonEmailDomain` (rules a–e) is the default. */
export type SenderIdBehaviour = (typeof senderIdBehaviours)[number];

/** The reads the rules need. */
export interface SenderLookup {
  findPersonsByEmail(address: string): Promise<Person[]>;
  findPersonsByDomain(domain: string): Promise<Person[]>;
  findCompaniesByEmail(address: string): Promise<Company[]>;
  findCompaniesByEmailDomain(domain: string): Promise<Company[]>;
  findCompaniesByWebsiteDomain(domain: string): Promise<Company[]>;
  getCompany(id: string): Promise<Company | null>;
}

/** Who sent the mail, as far as the rules could tell, and what was ambiguous on the way. */
interface SenderIdentity {
  person: Person | null;
  company: Company | null;
  /** The rule that found the company: `a` (the person's) to `e`; null when none did. */
  companyRule: CompanyRule | null;
  /** Sentences for the ticket's history: several persons with the address, companies not unique. */
  ambiguities: string[];
}

/** The company rules after (a). */
type CompanyRule = 'a' | 'b' | 'c' | 'd' | 'e';

interface RuleInput {
  lookup: SenderLookup;
  address: string;
  domain: string;
}

/** Each rule's candidates and the words describing them; a rule decides only when exactly one is found. */
const companyRules: Record<Exclude<CompanyRule, 'a'>, (input: RuleInput) => Promise<[Company[], string]>> = {
  b: async ({ lookup, address }) => [
    await lookup.findCompaniesByEmail(address),
    `have the address ${address}`,
  ],
  c: async ({ lookup, domain }) => [
    await lookup.findCompaniesByEmailDomain(domain),
    `have an address at ${domain}`,
  ],
  d: async ({ lookup, domain }) => [
    await lookup.findCompaniesByWebsiteDomain(domain),
    `have the website ${domain}`,
  ],
  e: async ({ lookup, domain }) => {
    // Persons without a company say nothing about which company the domain belongs to.
    const persons = await lookup.findPersonsByDomain(domain);
    const ids = [...new Set(persons.map((p) => p.companyId).filter((id): id is string => id !== null))];
    const companies = await Promise.all(ids.map((id) => lookup.getCompany(id)));
    const inUse = companies.filter((c): c is Company => c !== null && !c.archivedAt);
    return [inUse, `employ persons at ${domain}`];
  },
};

const rulesByBehaviour: Record<SenderIdBehaviour, Array<Exclude<CompanyRule, 'a'>>> = {
  PersonEmailDomain: ['b', 'c', 'd', 'e'],
  CompanyEmailWebsite: ['b', 'c', 'd'],
  CompanyEmailDomain: ['b', 'c'],
  CompanyEmailExact: ['b'],
  PersonEmailExact: [],
};

/** Throws `MSI_HELPDESK_SENDER_BEHAVIOUR_UNKNOWN` unless `value` is one of the five modes. */
export function assertSenderIdBehaviour(value: string): asserts value is SenderIdBehaviour {
  if (!(senderIdBehaviours as readonly string[]).includes(value)) {
    throw HelpdeskSenderBehaviourUnknown.create({ behaviour: value, known: [...senderIdBehaviours] });
  }
}

/**
 * Lime's rules: (a) a person with the exact address (the most recently updated of several) and that person's
 * company; then, for the company, (b) the one company with the exact address, (c) the one company with an
 * address at the domain, (d) the one company whose website is the domain, (e) the one company all persons at
 * the domain belong to. The behaviour decides how many of (b)–(e) are tried.
 */
export async function identifySender(
  lookup: SenderLookup,
  address: string | null,
  behaviour: SenderIdBehaviour,
): Promise<SenderIdentity> {
  const identity: SenderIdentity = { person: null, company: null, companyRule: null, ambiguities: [] };
  const domain = address?.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : '';
  if (!address || !domain) return identity;
  const normalized = address.toLowerCase();

  const persons = await lookup.findPersonsByEmail(normalized);
  identity.person = persons[0] ?? null;
  if (persons.length > 1 && identity.person) {
    const names = persons.map((p) => `${p.name} (updated ${p.updatedAt})`).join(', ');
    identity.ambiguities.push(
      `${persons.length} persons have the address ${normalized}: ${names}. Linked the most recently updated, ${identity.person.name}.`,
    );
  }
  if (identity.person?.companyId) {
    // An archived company is kept on old tickets but not linked to new ones.
    const company = await lookup.getCompany(identity.person.companyId);
    identity.company = company?.archivedAt ? null : company;
    if (identity.company) return { ...identity, companyRule: 'a' };
  }

  for (const rule of rulesByBehaviour[behaviour]) {
    const [companies, description] = await companyRules[rule]({ lookup, address: normalized, domain });
    if (companies.length === 1) return { ...identity, company: companies[0] ?? null, companyRule: rule };
    if (companies.length > 1) {
      const names = companies.map((c) => c.name).join(', ');
      identity.ambiguities.push(
        `Rule (${rule}): ${companies.length} companies ${description} (${names}); none linked.`,
      );
    }
  }
  return identity;
}
