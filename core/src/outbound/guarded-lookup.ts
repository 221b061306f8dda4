import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { type AddressVerdict, judgeAddress } from './address-policy';

/** Raised inside a lookup when an address is refused; the fetch turns it into a FORBIDDEN. */
export class RefusedAddress extends Error {
  constructor(
    readonly address: string,
    readonly verdict: Exclude<AddressVerdict, 'public'>,
  ) {
    super(`${address} is a ${verdict} address`);
  }
}

export const systemResolve = async (hostname: string): Promise<string[]> =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Refuses `address` unless it is public, or loopback on a port the policy lists. Called on the
 * literal of an IP URL and on every address a host name resolves to.
 */
export function checkAddress(address: string, port: number, loopbackPorts: readonly number[]): void {
  const verdict = judgeAddress(address);
  if (verdict === 'public') return;
  if (verdict === 'loopback' && loopbackPorts.includes(port)) return;
  throw new RefusedAddress(address, verdict);
}

/**
 * The lookup handed to the socket: it resolves once, judges every address (one bad address
 * refuses the host, so a round-robin name cannot slip a private one in), and gives the socket
 * exactly the addresses it judged. The connection goes where the check looked: a DNS answer that
 * changes between the check and the connect (rebinding) has no second resolution to exploit.
 */
export function guardedLookup(
  port: number,
  loopbackPorts: readonly number[],
  resolve: (hostname: string) => Promise<string[]>,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        for (const address of addresses) checkAddress(address, port, loopbackPorts);
        const entries = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
