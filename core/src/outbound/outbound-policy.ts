import { z } from 'zod';

/** Who may be called and how much a call may take. Every limit has a safe default. */
export interface OutboundPolicy {
  /**
   * Hosts that may be called: exact names (`api.example.com`) or a wildcard for subdomains
   * (`*.example.com`, which does not match `example.com` itself). Absent: any public host.
   * Private and loopback addresses stay refused whatever this lists.
   */
  allowHosts?: readonly string[];
  /**
   * Loopback ports that may be called. For tests and local development only: lets a test reach
   * its own server on 127.0.0.1 / ::1. Production leaves it empty.
   */
  allowLoopbackPorts?: readonly number[];
  /** @default 5 */
  maxRedirects?: number;
  /** Largest response body read, in bytes. @default 5 MB */
  maxBodyBytes?: number;
  /** Whole call, redirects included, in ms. @default 10 s */
  timeoutMs?: number;
  /** Resolves a host name to its addresses. Tests replace it to play a rebinding DNS server. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export const OUTBOUND_DEFAULTS = { maxRedirects: 5, maxBodyBytes: 5 * 1024 * 1024, timeoutMs: 10_000 } as const;

/** Largest request body sent, in bytes. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid header name');

export const outboundRequestSchema = z.object({
  url: z.string().min(1).max(8192),
  method: z
    .string()
    .transform((method) => method.toUpperCase())
    .pipe(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']))
    .default('GET'),
  headers: z
    .record(
      headerName,
      z
        .string()
        .max(8192)
        .regex(/^[^\r\n\0]*$/, 'holds a line break'),
    )
    .optional(),
  body: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
});

export type OutboundRequest = z.input<typeof outboundRequestSchema>;

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
}

/** Whether `hostname` (lower case, no brackets) is listed in `allowHosts`. */
export function hostAllowed(hostname: string, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts) return true;
  return allowHosts.some((pattern) => {
    const wanted = pattern.toLowerCase();
    return wanted.startsWith('*.') ? hostname.endsWith(wanted.slice(1)) : hostname === wanted;
  });
}
