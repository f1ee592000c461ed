import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

/**
 * Webhooks go to public addresses only: an endpoint URL is an admin's input, and without this check the
 * server would POST wherever it points, including its own loopback, the cloud metadata service and the
 * private network it runs in (server-side request forgery). The rule holds where the connection is made,
 * on the addresses DNS gave for that connection, so a name that resolves to a public address when the
 * endpoint is saved and to a private one later (DNS rebinding) is refused too. WEBHOOK_ALLOW_PRIVATE_NETWORKS
 * =true lifts it, for a receiver inside the same network on purpose (and for tests on 127.0.0.1).
 *
 * Written here on Node's own BlockList and the `lookup` hook of http.request: the npm packages that do this
 * wrap fetch agents of a particular undici version, and the list of ranges is short and standard (IANA's
 * special-purpose registries, RFC 6890).
 */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64 (embeds an IPv4 address)
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED.addSubnet(prefix, bits, "ipv6");
}

export function privateNetworksAllowed(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS === "true";
}

/** True for an IP address a webhook may be sent to: not loopback, private, link-local, reserved or multicast. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  // BlockList checks an IPv4-mapped IPv6 address (::ffff:10.0.0.1, or ::ffff:a00:1 as URL parsing writes it)
  // against the IPv4 ranges.
  return family !== 0 && !BLOCKED.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * Why a webhook URL may not be saved, or null: its host is an IP address that is not public, or a name for
 * this machine. Names are checked again where the delivery connects (deliverWebhookRequest), since what
 * they resolve to can change.
 */
export function webhookUrlProblem(url: string): string | null {
  if (privateNetworksAllowed()) return null;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    return "Enter a valid URL.";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return "Webhooks go to public addresses only, not to this server.";
  if (net.isIP(host) !== 0 && !isPublicAddress(host)) return "Webhooks go to public addresses only, not to a private or reserved network.";
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** How a host name becomes addresses: dns.lookup with `all`, or a stand-in in tests. */
export type Resolver = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/** A `lookup` for http.request over `resolve` that, when `guarded`, refuses a host whose addresses are not all public. */
function lookupWith(resolve: Resolver, guarded: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = guarded ? addresses.find((a) => !isPublicAddress(a.address)) : undefined;
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not a public address`), { code: "EWEBHOOKPRIVATE" }), []);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs `body` to `url` and resolves with the response status (the body is read and dropped). Redirects
 * are not followed. Unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true, a URL whose host is, or resolves to, an
 * address that is not public is refused before any byte is sent.
 */
export function deliverWebhookRequest(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
  resolve: Resolver = systemResolver,
): Promise<number> {
  return new Promise((done, reject) => {
    const problem = webhookUrlProblem(url);
    if (problem) return reject(new Error(problem));
    const target = new URL(url);
    const request = (target.protocol === "https:" ? https : http).request(target, {
      method: "POST",
      headers: { ...init.headers, "Content-Length": Buffer.byteLength(init.body) },
      signal: AbortSignal.timeout(init.timeoutMs),
      lookup: lookupWith(resolve, !privateNetworksAllowed()) as never,
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => done(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
