import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliverWebhookRequest, isPublicAddress, webhookUrlProblem, type Resolver } from "./address";

const ORIGINAL = process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
afterEach(() => {
  if (ORIGINAL === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
  else process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = ORIGINAL;
});

describe("isPublicAddress", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.45.6.7", false],
    ["10.0.0.8", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd12:3456::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["not an address", false],
    ["93.184.216.34", true],
    ["172.32.0.1", true],
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["::ffff:8.8.8.8", true],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("webhookUrlProblem", () => {
  it("refuses loopback, private, link-local and this machine's names; accepts public hosts", () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
    for (const url of ["http://127.0.0.1:8080/hooks", "http://[::ffff:127.0.0.1]:8080/hooks", "http://localhost/hooks", "http://api.localhost/x", "http://[::1]:3000/", "http://169.254.169.254/latest/meta-data", "https://10.1.2.3/x"]) {
      expect(webhookUrlProblem(url), url).toMatch(/public addresses only/);
    }
    for (const url of ["https://hooks.example.com/loyalist", "https://93.184.216.34/x", "http://[2606:4700:4700::1111]/"]) {
      expect(webhookUrlProblem(url), url).toBeNull();
    }
  });

  it("lets everything through when private networks are allowed", () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
    expect(webhookUrlProblem("http://127.0.0.1:8080/hooks")).toBeNull();
  });
});

describe("deliverWebhookRequest", () => {
  let received = 0;
  let port = 0;
  const server = createServer((request, response) => {
    received++;
    request.resume();
    request.on("end", () => {
      response.statusCode = 204;
      response.end();
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // A name that resolves to this machine's loopback, as a DNS answer changed after the endpoint was saved would.
  const rebinding: Resolver = (hostname, _options, callback) =>
    hostname === "hooks.rebind.example" ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" }), []);
  const init = { headers: { "Content-Type": "application/json" }, body: "{}", timeoutMs: 5_000 };

  it("refuses, before connecting, a public-looking name that resolves to a private address", async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
    const before = received;
    await expect(deliverWebhookRequest(`http://hooks.rebind.example:${port}/hooks`, init, rebinding)).rejects.toThrow(/resolves to 127\.0\.0\.1, which is not a public address/);
    await expect(deliverWebhookRequest(`http://127.0.0.1:${port}/hooks`, init)).rejects.toThrow(/public addresses only/);
    expect(received).toBe(before);
  });

  it("delivers to the same receiver when private networks are allowed, and answers its status", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
    const before = received;
    expect(await deliverWebhookRequest(`http://hooks.rebind.example:${port}/hooks`, init, rebinding)).toBe(204);
    expect(await deliverWebhookRequest(`http://127.0.0.1:${port}/hooks`, init)).toBe(204);
    expect(received).toBe(before + 2);
  });
});
