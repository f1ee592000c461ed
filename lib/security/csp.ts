/**
 * The Content-Security-Policy for pages. Scripts need a per-request nonce: Next.js streams inline scripts
 * for hydration, and a static `script-src 'self'` would block them while `'unsafe-inline'` would defeat the
 * policy. Styles keep `'unsafe-inline'` because server-rendered `style` attributes (charts, progress bars)
 * cannot carry a nonce; style injection is far less dangerous than script injection.
 */
export function buildContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets the nonce-bearing Next.js loader load its chunks; 'unsafe-eval' only in dev (HMR).
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(options.dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** 128 random bits, base64: unguessable and fresh for every response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
