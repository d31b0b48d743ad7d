import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { EgressRefused, EgressUnresolvable } from '../errors/index.js';
import { parseAllowedBlock } from '../shared/index.js';
import { allowListOf, rangeOf, type AddressRange } from './address-ranges.js';

/** What outbound calls an admin configures may reach (`server.egress_allow_private`, `server.egress_allow`). */
interface EgressPolicy {
  /** Private (10/8, 172.16/12, 192.168/16, fc00::/7) and carrier-grade NAT (100.64/10) addresses are allowed. */
  readonly allowPrivate: boolean;
  /** Addresses or CIDR blocks allowed whatever their range, e.g. `127.0.0.1` for a handler on this machine. */
  readonly allow: readonly string[];
}

/** No internal address at all: the default. */
export const strictEgress: EgressPolicy = Object.freeze({ allowPrivate: false, allow: Object.freeze([]) });

/** Resolves a host name to every address it has (the default is the system resolver, as connections use). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** Checks outbound targets at save time (`checkTarget`) and at connect time (`lookup`). */
export interface EgressGuard {
  /** Null when the address may be called, else the range that forbids it. */
  refusalOf(address: string): AddressRange | null;
  /**
   * Resolves the URL's host and checks every address it resolves to; throws `MSI_EGRESS_REFUSED` or
   * `MSI_EGRESS_UNRESOLVABLE` (save time, and before each call to an address literal).
   */
  checkTarget(target: string | URL): Promise<void>;
  /**
   * A `lookup` for `http(s).request`: resolves, and fails the connection with `MSI_EGRESS_REFUSED` when any
   * address is refused — so a name that resolves to a public address when saved and to an internal one later
   * (DNS rebinding) is still refused.
   */
  readonly lookup: LookupFunction;
}

const privateRanges = new Set<AddressRange>(['private', 'shared (carrier-grade NAT)']);
const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });
/** URL host → what the resolver and `isIP` expect (`[::1]` → `::1`). */
const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
/** The target as it may appear in errors: no credentials, path or query (they may hold tokens). */
const shownTarget = (url: URL) => `${url.protocol}//${url.host}`;

function hintFor(range: AddressRange): string {
  return privateRanges.has(range)
    ? 'Private addresses are refused unless server.egress_allow_private is true (or the address is listed in server.egress_allow).'
    : 'List the address in server.egress_allow if this call is intended (for example a handler on this machine during development).';
}

/** Creates the guard of a policy; `resolve` replaces the system resolver (tests). */
export function createEgressGuard(policy: EgressPolicy, options: { resolve?: Resolve } = {}): EgressGuard {
  const blocks = policy.allow.map((entry) => {
    const block = parseAllowedBlock(entry);
    if (!block) throw new Error(`server.egress_allow: "${entry}" is not an IP address or CIDR block`);
    return block;
  });
  const allowed = allowListOf(blocks);
  const resolve = options.resolve ?? systemResolve;

  const refusalOf = (address: string): AddressRange | null => {
    if (allowed(address)) return null;
    const range = rangeOf(address);
    if (range === 'public') return null;
    if (privateRanges.has(range) && policy.allowPrivate) return null;
    return range;
  };

  const addressesOf = async (url: URL): Promise<LookupAddress[]> => {
    const host = bareHost(url.hostname);
    const version = isIP(host);
    if (version !== 0) return [{ address: host, family: version }];
    try {
      return await resolve(host);
    } catch (error) {
      const reason =
        (error as { code?: string }).code ?? (error instanceof Error ? error.message : 'unknown');
      throw EgressUnresolvable.create({ target: shownTarget(url), reason }, { cause: error });
    }
  };

  const refuseAny = (url: URL, addresses: readonly LookupAddress[]): void => {
    for (const { address } of addresses) {
      const range = refusalOf(address);
      if (range)
        throw EgressRefused.create({ target: shownTarget(url), address, range, hint: hintFor(range) });
    }
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const url = new URL(`https://${hostname.includes(':') ? `[${hostname}]` : hostname}`);
    addressesOf(url).then(
      (all) => {
        try {
          refuseAny(url, all);
        } catch (error) {
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        const family =
          lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const usable = family ? all.filter((a) => a.family === family) : all;
        if (lookupOptions.all) {
          (callback as unknown as (e: null, addresses: LookupAddress[]) => void)(null, usable);
        } else if (usable[0]) {
          callback(null, usable[0].address, usable[0].family);
        } else {
          const error = Object.assign(new Error(`${hostname} has no IPv${String(family)} address`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 0);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  return {
    refusalOf,
    async checkTarget(target) {
      const url = typeof target === 'string' ? new URL(target) : target;
      refuseAny(url, await addressesOf(url));
    },
    lookup,
  };
}
