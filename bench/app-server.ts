import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";

/** A production Next server started for measurement, and a signed-in HTTP client for it. */
export class BenchServer {
  private cookies = new Map<string, string>();

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(options: { port: number; env: NodeJS.ProcessEnv }): Promise<BenchServer> {
    const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": Node flags for the server alone
    // (NODE_OPTIONS refuses --cpu-prof, and would profile the load generator as well).
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, next, "start", "-p", String(options.port), "-H", "127.0.0.1"], {
      env: options.env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const server = new BenchServer(child, `http://127.0.0.1:${options.port}`);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${server.baseUrl}/login`)).ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    server.stop();
    throw new Error("The app server did not start within 120 s");
  }

  stop(): void {
    this.child.kill("SIGTERM");
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  /** Signs in through next-auth's own credentials endpoint, as a browser would. */
  async signIn(email: string, password: string): Promise<void> {
    const csrfResponse = await fetch(`${this.baseUrl}/api/auth/csrf`);
    this.keepCookies(csrfResponse);
    const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
    const response = await fetch(`${this.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookieHeader() },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${this.baseUrl}/overview` }),
    });
    this.keepCookies(response);
    if (![...this.cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`Sign-in as ${email} failed`);
  }

  /** Milliseconds until the whole page has arrived, per request, after one unmeasured warm-up. */
  async timeGet(pathAndQuery: string, requests: number): Promise<number[]> {
    const get = async () => {
      const response = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { cookie: this.cookieHeader() }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${response.status}`);
      return body;
    };
    await get();
    const samples: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      await get();
      samples.push(performance.now() - t0);
    }
    return samples;
  }
}

/** A job worker (`npm run worker`) beside a server started with JOBS_ENABLED=false, as production runs them. */
export class BenchWorker {
  private constructor(private readonly child: ChildProcess) {}

  static start(env: NodeJS.ProcessEnv): BenchWorker {
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const child = spawn(tsx, ["--conditions=react-server", "scripts/worker.ts"], { env: { ...env, JOBS_ENABLED: "true" }, stdio: ["ignore", "ignore", "inherit"] });
    return new BenchWorker(child);
  }

  stop(): void {
    this.child.kill("SIGTERM");
  }
}
