import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no outbound call may reach: loopback, private, shared (CGNAT), link-local
 * (where cloud metadata services answer: 169.254.169.254, fd00:ec2::254), multicast,
 * documentation, benchmarking and reserved ranges, in both families. Addresses that embed an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the IPv4 inside.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['100::', 64],
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID...)
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Why an address was refused, for the error's `details.reason`. */
export type AddressVerdict = 'public' | 'loopback' | 'private';

/**
 * Judges one IP address (either family, any textual form `net` accepts). Hostnames are not
 * addresses: resolve them first and judge every address they resolve to.
 */
export function judgeAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 0) return 'private';
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) return judgeAddress(embedded);
    if (expandIpv6(address) === '0000:0000:0000:0000:0000:0000:0000:0001') return 'loopback';
    return BLOCKED.check(address, 'ipv6') ? 'private' : 'public';
  }
  if (address.startsWith('127.')) return 'loopback';
  return BLOCKED.check(address, 'ipv4') ? 'private' : 'public';
}

/** The IPv4 address an IPv6 address carries inside (mapped, NAT64 64:ff9b::/96, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address).split(':');
  const prefix = groups.slice(0, 6).join(':');
  if (prefix === '0000:0000:0000:0000:0000:ffff' || prefix === '0064:ff9b:0000:0000:0000:0000') {
    return ipv4Of(groups[6]!, groups[7]!);
  }
  if (groups[0] === '2002') return ipv4Of(groups[1]!, groups[2]!);
  return null;
}

function ipv4Of(high: string, low: string): string {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}

/** Eight four-digit groups, so prefixes compare as text; a dotted IPv4 tail becomes two groups. */
function expandIpv6(address: string): string {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => group.padStart(4, '0')).join(':');
}
