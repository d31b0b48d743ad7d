import { isIP } from 'node:net';

/** An IP address or CIDR block, as `server.egress_allow` lists them. */
export interface AllowedBlock {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses `10.1.2.3`, `10.0.0.0/8` or `fd00::/8`; null when it is neither an address nor a CIDR block. */
export function parseAllowedBlock(entry: string): AllowedBlock | null {
  const [network = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const version = isIP(network);
  if (version === 0) return null;
  const max = version === 6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { network, prefix, family: version === 6 ? 'ipv6' : 'ipv4' };
}
