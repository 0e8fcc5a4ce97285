/**
 * The outbound address policy: which URLs the platform itself may call when a person configures
 * one: connectors' URLs (where their secrets go) and webhooks. Without it, anyone who may save a URL could make
 * the server reach what only the server can reach: the cloud metadata endpoint (credentials), an
 * admin port on loopback, the private network (SSRF).
 *
 * The rules:
 * - https only; http only for hosts named in GATEHOUSE_OUTBOUND_ALLOW (by name or by a CIDR that
 *   holds their addresses);
 * - no credentials in the URL;
 * - every address the host resolves to must be public: loopback, private (10/8, 172.16/12,
 *   192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16, fe80::/10, with the cloud
 *   metadata addresses 169.254.169.254 and fd00:ec2::254), multicast, reserved and "this host"
 *   (0/8, ::) are refused, also when written as IPv4-mapped, -compatible, NAT64 or 6to4 IPv6;
 * - GATEHOUSE_OUTBOUND_ALLOW (comma-separated CIDRs, IPs and host names, `*.corp.example` for
 *   subdomains) opens exceptions. A CIDR opens its addresses to any URL; a host name opens that
 *   host's private and loopback addresses (an internal receiver), but not link-local or metadata
 *   ones, which only a CIDR naming them opens: a DNS answer must not turn an allowed name into a
 *   path to the credentials endpoint.
 *
 * The check runs twice: when a URL is saved (`check`, with a DNS lookup, so a person learns at
 * once), and when connecting (`dispatcher()`), on the address actually connected to. The second
 * is what stops DNS rebinding: a name that resolved to a public address at save time and to
 * 127.0.0.1 now is refused, because the socket is opened to the address that was checked and to
 * no other. Refusals happen before any packet is sent and never depend on the port, so an error
 * tells nothing about which internal ports are open.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';

/** A URL or address the policy does not let the platform reach; the message says why, never the port. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

interface Cidr {
  bytes: number[];
  bits: number;
}

interface Range extends Cidr {
  label: string;
  /** Opened by an allowed host name (an internal receiver), unlike link-local and metadata. */
  byName: boolean;
}

function ipv4Bytes(ip: string): number[] | undefined {
  if (isIP(ip) !== 4) return undefined;
  return ip.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (with `::`, an IPv4 tail or a zone id). */
function ipv6Bytes(raw: string): number[] | undefined {
  let ip = raw.replace(/%.*$/, '');
  if (isIP(ip) !== 6) return undefined;
  // An IPv4 tail (::ffff:1.2.3.4) is two more groups.
  ip = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [head = '', rest] = ip.split('::');
  const h = head ? head.split(':') : [];
  const r = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function parseCidr(entry: string): Cidr | undefined {
  const [addr, len, extra] = entry.split('/');
  if (extra !== undefined || !addr) return undefined;
  const bytes = ipv4Bytes(addr) ?? ipv6Bytes(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const bits = len === undefined ? max : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { bytes, bits };
}

function inCidr(bytes: number[], c: Cidr): boolean {
  if (bytes.length !== c.bytes.length) return false;
  for (let bit = 0; bit < c.bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}

const range = (cidr: string, label: string, byName = true): Range => ({ ...parseCidr(cidr)!, label, byName });

/** Most specific first: the first match names the refusal. */
const REFUSED: Range[] = [
  range('169.254.169.254/32', 'the cloud metadata endpoint', false),
  range('fd00:ec2::254/128', 'the cloud metadata endpoint', false),
  range('0.0.0.0/8', 'a "this host" address (0.0.0.0/8)'),
  range('10.0.0.0/8', 'a private address (10.0.0.0/8)'),
  range('100.64.0.0/10', 'a shared address space address (100.64.0.0/10)'),
  range('127.0.0.0/8', 'a loopback address'),
  range('169.254.0.0/16', 'a link-local address (169.254.0.0/16)', false),
  range('172.16.0.0/12', 'a private address (172.16.0.0/12)'),
  range('192.0.0.0/24', 'an IETF protocol address (192.0.0.0/24)'),
  range('192.168.0.0/16', 'a private address (192.168.0.0/16)'),
  range('198.18.0.0/15', 'a benchmarking address (198.18.0.0/15)'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved address (240.0.0.0/4)'),
  range('::/128', 'the unspecified address (::)'),
  range('::1/128', 'a loopback address'),
  range('fe80::/10', 'a link-local address (fe80::/10)', false),
  range('fec0::/10', 'a site-local address (fec0::/10)'),
  range('fc00::/7', 'a private (unique local) address (fc00::/7)'),
  range('ff00::/8', 'a multicast address'),
];

/** The IPv4 address inside an IPv6 one that carries it (mapped, compatible, NAT64, 6to4). */
function embeddedIpv4(b: number[]): number[] | undefined {
  if (b.length !== 16) return undefined;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12); // ::ffff:a.b.c.d
  if (zero(0, 12) && !(zero(12, 15) && (b[15] === 0 || b[15] === 1))) return b.slice(12); // ::a.b.c.d (not :: or ::1)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12); // 64:ff9b::/96
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6); // 2002::/16
  return undefined;
}

interface Allowance {
  cidrs: Cidr[];
  /** Exact names, and `.suffix` for `*.suffix`. */
  names: string[];
}

function normalizeHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export class OutboundPolicy {
  private constructor(
    private readonly allow: Allowance,
    /** The entries as configured, for settings pages. */
    readonly entries: string[],
  ) {}

  /** `127.0.0.1/32, localhost, *.corp.example`; throws on an entry that is neither a CIDR nor a host name. */
  static parse(spec: string | undefined): OutboundPolicy {
    const entries = (spec ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    const allow: Allowance = { cidrs: [], names: [] };
    for (const entry of entries) {
      const cidr = parseCidr(entry);
      if (cidr) allow.cidrs.push(cidr);
      else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)) allow.names.push(normalizeHost(entry.replace(/^\*/, '')));
      else throw new Error(`GATEHOUSE_OUTBOUND_ALLOW: "${entry}" is neither a CIDR (10.0.0.0/8), an IP address nor a host name`);
    }
    return new OutboundPolicy(allow, entries);
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
    return OutboundPolicy.parse(env.GATEHOUSE_OUTBOUND_ALLOW);
  }

  /** Whether the host is named in the allow list (exactly, or under a `*.` entry). */
  nameAllowed(host: string): boolean {
    const h = normalizeHost(host);
    return this.allow.names.some((n) => (n.startsWith('.') ? h.endsWith(n) && h.length > n.length : h === n));
  }

  private cidrAllowed(bytes: number[]): boolean {
    const v4 = embeddedIpv4(bytes);
    return this.allow.cidrs.some((c) => inCidr(bytes, c) || (v4 !== undefined && inCidr(v4, c)));
  }

  /** Why the platform may not connect to this address (for this host), or undefined when it may. */
  refusalOf(address: string, host?: string): string | undefined {
    const bytes = ipv4Bytes(address) ?? ipv6Bytes(address);
    if (!bytes) return `"${address}" is not an IP address`;
    if (this.cidrAllowed(bytes)) return undefined;
    const byName = host !== undefined && this.nameAllowed(host);
    const v4 = embeddedIpv4(bytes);
    const hit = REFUSED.find((r) => inCidr(bytes, r)) ?? (v4 ? REFUSED.find((r) => inCidr(v4, r)) : undefined);
    if (!hit || (byName && hit.byName)) return undefined;
    const mapped = v4 && !REFUSED.some((r) => inCidr(bytes, r)) ? ', written as an IPv6 address' : '';
    return `${hit.label}${mapped}`;
  }

  /** Whether plain http may be used: only for hosts the allow list names (by name, or all their addresses by CIDR). */
  private httpAllowed(host: string, addresses: string[]): boolean {
    if (this.nameAllowed(host)) return true;
    return addresses.length > 0 && addresses.every((a) => {
      const b = ipv4Bytes(a) ?? ipv6Bytes(a);
      return b !== undefined && this.cidrAllowed(b);
    });
  }

  /**
   * Checks a URL when it is saved: its form, and every address its host resolves to now. Returns
   * the parsed URL; throws OutboundRefusedError saying why not.
   */
  async check(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundRefusedError('not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefusedError(`${url.protocol.replace(/:$/, '')} URLs are not allowed: use https`);
    if (url.username || url.password) throw new OutboundRefusedError('credentials in the URL are not allowed');
    const host = normalizeHost(url.hostname);
    if (!host) throw new OutboundRefusedError('the URL has no host');
    const literal = isIP(host) !== 0;
    const addresses = literal ? [host] : await resolveAll(host);
    for (const a of addresses) {
      const refusal = this.refusalOf(a, host);
      if (refusal) throw new OutboundRefusedError(`${literal ? `${host} is` : `"${host}" resolves to`} ${refusal}, which the outbound address policy refuses (GATEHOUSE_OUTBOUND_ALLOW can open it)`);
    }
    if (url.protocol === 'http:' && !this.httpAllowed(host, addresses)) throw new OutboundRefusedError(`only https URLs are allowed (http only for hosts in GATEHOUSE_OUTBOUND_ALLOW)`);
    return url;
  }

  /**
   * A DNS lookup for sockets that resolves, drops the addresses the policy refuses and fails when
   * none is left: the socket connects to an address that was checked, whatever DNS says next.
   */
  lookup(options: { httpOnly?: boolean } = {}): LookupFunction {
    return (hostname, opts, callback) => {
      dnsLookup(hostname, { ...opts, all: true }, (err, found) => {
        if (err) return callback(err, []);
        const list = found as LookupAddress[];
        const allowed = list.filter((a) => !this.refusalOf(a.address, hostname));
        const refusal = allowed.length ? undefined : list[0] ? this.refusalOf(list[0].address, hostname) : 'no address';
        if (!refusal && options.httpOnly && !this.httpAllowed(hostname, allowed.map((a) => a.address))) {
          return callback(new OutboundRefusedError('only https URLs are allowed (http only for hosts in GATEHOUSE_OUTBOUND_ALLOW)'), []);
        }
        if (refusal) return callback(new OutboundRefusedError(`"${hostname}" resolves to ${refusal}, which the outbound address policy refuses`), []);
        if (opts.all) return callback(null, allowed);
        callback(null, allowed[0]!.address, allowed[0]!.family);
      });
    };
  }

  /**
   * An undici connector that enforces the policy on every connection: IP literals are checked
   * before connecting, host names through `lookup` above. HTTP clients pass it as their Agent's
   * `connect` (the SDK's HttpClient does, when given a policy).
   */
  connector(options: { connectTimeoutMs?: number } = {}): buildConnector.connector {
    const timeout = options.connectTimeoutMs ?? 10_000;
    const https = buildConnector({ timeout, lookup: this.lookup() });
    const http = buildConnector({ timeout, lookup: this.lookup({ httpOnly: true }) });
    return (opts, callback) => {
      const host = normalizeHost(opts.hostname);
      if (isIP(host)) {
        const refusal = this.refusalOf(host, host) ?? (opts.protocol === 'http:' && !this.httpAllowed(host, [host]) ? 'reachable over https only' : undefined);
        if (refusal) return callback(new OutboundRefusedError(`${host} is ${refusal}, which the outbound address policy refuses`), null);
      }
      (opts.protocol === 'http:' ? http : https)(opts, callback);
    };
  }

  /** An undici dispatcher whose every connection goes through `connector`. Close it when done. */
  dispatcher(options: { connectTimeoutMs?: number } = {}): Agent {
    return new Agent({ connect: this.connector(options) });
  }
}

function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, found) => {
      if (err || found.length === 0) reject(new OutboundRefusedError(`"${host}" does not resolve`));
      else resolve(found.map((a) => a.address));
    });
  });
}

/** The refusal's own words, from an error that wraps it (undici wraps connection errors). */
export function outboundReason(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof OutboundRefusedError) return e.message;
  return String(err);
}

/** Whether an error (or its cause, as undici wraps connection errors) is a policy refusal. */
export function isOutboundRefusal(err: unknown): err is OutboundRefusedError {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof OutboundRefusedError) return true;
  return false;
}
