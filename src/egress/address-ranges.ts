import { BlockList, isIP } from 'node:net';
import type { AllowedBlock } from '../shared/index.js';

/** Kinds of address an outbound call may never reach, or only when the configuration allows it. */
export type AddressRange =
  | 'loopback'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'private'
  | 'shared (carrier-grade NAT)'
  | 'public';

const ranges: Array<{ range: Exclude<AddressRange, 'public'>; subnets: Array<[string, number]> }> = [
  {
    range: 'loopback',
    subnets: [
      ['127.0.0.0', 8],
      ['::1', 128],
    ],
  },
  // 169.254.169.254 is the cloud metadata service on AWS, Azure and GCP.
  {
    range: 'link-local',
    subnets: [
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ],
  },
  {
    range: 'unspecified',
    subnets: [
      ['0.0.0.0', 8],
      ['::', 128],
    ],
  },
  {
    range: 'multicast',
    subnets: [
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['ff00::', 8],
    ],
  },
  {
    range: 'private',
    subnets: [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['fc00::', 7],
    ],
  },
  { range: 'shared (carrier-grade NAT)', subnets: [['100.64.0.0', 10]] },
];

const lists = ranges.map(({ range, subnets }) => {
  const list = new BlockList();
  for (const [network, prefix] of subnets)
    list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { range, list };
});

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** The range an IP address belongs to (IPv4-mapped IPv6 addresses count as their IPv4 address). */
export function rangeOf(address: string): AddressRange {
  const family = familyOf(address);
  return lists.find(({ list }) => list.check(address, family))?.range ?? 'public';
}

/** A matcher for the allowed blocks. */
export function allowListOf(blocks: readonly AllowedBlock[]): (address: string) => boolean {
  const list = new BlockList();
  for (const block of blocks) list.addSubnet(block.network, block.prefix, block.family);
  return (address) => blocks.length > 0 && list.check(address, familyOf(address));
}
