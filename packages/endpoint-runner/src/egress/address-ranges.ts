import { isIP } from 'node:net';

/** An IP address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR range such as `10.0.0.0/8`, with the text it was written as (for messages). */
export interface AddressRange {
  cidr: string;
  family: 4 | 6;
  network: bigint;
  prefixLength: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint {
  // An embedded dotted quad (::ffff:10.0.0.1) is the last two groups.
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    hex = `${text.slice(0, lastColon + 1)}${(ipv4 >> 16n).toString(16)}:${(ipv4 & 0xffffn).toString(16)}`;
  }
  const groupsOf = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => BigInt(`0x${group}`));
  const [left = '', right] = hex.split('::');
  const leftGroups = groupsOf(left);
  const rightGroups = right === undefined ? [] : groupsOf(right);
  const groups =
    right === undefined
      ? leftGroups
      : [
          ...leftGroups,
          ...Array<bigint>(8 - leftGroups.length - rightGroups.length).fill(0n),
          ...rightGroups,
        ];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Parses an IPv4 or IPv6 address (no zone index); null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  const family = isIP(text);
  if (family === 4) return { family: 4, value: parseIpv4(text) };
  if (family === 6 && !text.includes('%')) return { family: 6, value: parseIpv6(text) };
  return null;
}

/** `a.b.c.d` of a 32-bit value. */
export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/**
 * Parses `address/prefix` (`10.0.0.0/8`, `::1/128`). Refuses a prefix out of range and an address
 * with bits set past the prefix (`10.0.0.1/8` is more likely a typo than a range).
 * @throws {Error} naming the text and what was expected.
 */
export function parseCidr(text: string): AddressRange {
  const expected = 'expected a CIDR range such as 10.0.0.0/8 or fd00::/8';
  const slash = text.indexOf('/');
  const address = parseIpAddress(slash === -1 ? text : text.slice(0, slash));
  const prefixText = slash === -1 ? '' : text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) throw new Error(`"${text}": ${expected}`);
  const prefixLength = Number(prefixText);
  const bits = BITS[address.family];
  if (prefixLength > bits)
    throw new Error(`"${text}": an IPv${address.family} prefix is 0 to ${bits} bits; ${expected}`);
  const hostBits = BigInt(bits - prefixLength);
  const network = (address.value >> hostBits) << hostBits;
  if (network !== address.value) {
    const networkText = address.family === 4 ? formatIpv4(network) : formatIpv6Network(network);
    throw new Error(
      `"${text}" has address bits set past the /${prefixLength} prefix; did you mean ${networkText}/${prefixLength}?`,
    );
  }
  return { cidr: text, family: address.family, network, prefixLength };
}

function formatIpv6Network(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
  );
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function isInRange(address: IpAddress, range: AddressRange): boolean {
  if (address.family !== range.family) return false;
  const hostBits = BigInt(BITS[range.family] - range.prefixLength);
  return address.value >> hostBits === range.network >> hostBits;
}

/** A range refused unless the site allows it, with what it is (for messages). */
export interface SpecialRange extends AddressRange {
  purpose: string;
}

const special = (cidr: string, purpose: string): SpecialRange => ({ ...parseCidr(cidr), purpose });

/**
 * Addresses an endpoint may not resolve to unless the site allows their range
 * (ENDPOINT_ALLOWED_PRIVATE_RANGES): the IANA special-purpose registries' ranges that are not
 * globally reachable, so a registered URL cannot make the worker call its own network, the
 * cloud's metadata service or a neighbour behind NAT.
 */
export const SPECIAL_IPV4_RANGES: readonly SpecialRange[] = [
  special('0.0.0.0/8', '"this network"'),
  special('10.0.0.0/8', 'private, RFC 1918'),
  special('100.64.0.0/10', 'carrier-grade NAT'),
  special('127.0.0.0/8', 'loopback'),
  special('169.254.0.0/16', 'link-local, cloud metadata'),
  special('172.16.0.0/12', 'private, RFC 1918'),
  special('192.0.0.0/24', 'IETF protocol assignments'),
  special('192.0.2.0/24', 'documentation'),
  special('192.168.0.0/16', 'private, RFC 1918'),
  special('198.18.0.0/15', 'benchmarking'),
  special('198.51.100.0/24', 'documentation'),
  special('203.0.113.0/24', 'documentation'),
  special('224.0.0.0/4', 'multicast'),
  special('240.0.0.0/4', 'reserved, broadcast'),
];

export const SPECIAL_IPV6_RANGES: readonly SpecialRange[] = [
  special('::/128', 'unspecified'),
  special('::1/128', 'loopback'),
  special('100::/64', 'discard'),
  special('2001:db8::/32', 'documentation'),
  special('fc00::/7', 'unique local'),
  special('fe80::/10', 'link-local'),
  special('fec0::/10', 'site-local'),
  special('ff00::/8', 'multicast'),
];

/**
 * IPv6 ranges that carry an IPv4 address (and reach it): IPv4-mapped, IPv4-compatible, NAT64 and
 * 6to4. Such an address is judged by the IPv4 address inside, so `::ffff:10.0.0.5` is as private
 * as `10.0.0.5`.
 */
const EMBEDDING_RANGES: readonly { range: AddressRange; shift: bigint; name: string }[] = [
  { range: parseCidr('::ffff:0:0/96'), shift: 0n, name: 'IPv4-mapped IPv6' },
  { range: parseCidr('::/96'), shift: 0n, name: 'IPv4-compatible IPv6' },
  { range: parseCidr('64:ff9b::/96'), shift: 0n, name: 'NAT64' },
  { range: parseCidr('2002::/16'), shift: 80n, name: '6to4' },
];

/** The IPv4 address an IPv6 address carries, if it is of an embedding range. */
export function embeddedIpv4(address: IpAddress): { ipv4: IpAddress; via: string } | null {
  if (address.family !== 6) return null;
  for (const { range, shift, name } of EMBEDDING_RANGES)
    if (isInRange(address, range))
      return {
        ipv4: { family: 4, value: (address.value >> shift) & 0xffffffffn },
        via: name,
      };
  return null;
}

/** The special range an address is in, if any (IPv6 ranges first, then an embedded IPv4). */
export function specialRangeOf(address: IpAddress): SpecialRange | null {
  if (address.family === 4) return SPECIAL_IPV4_RANGES.find((r) => isInRange(address, r)) ?? null;
  const own = SPECIAL_IPV6_RANGES.find((r) => isInRange(address, r));
  if (own) return own;
  const embedded = embeddedIpv4(address);
  return embedded ? specialRangeOf(embedded.ipv4) : null;
}
