import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package folder; bundling it breaks that path.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // `next build` type-checks the whole project (about 45 s here). The Playwright server's build sets
  // LOYALIST_BUILD_TYPECHECKED=1: `npm test` has just run `tsc --noEmit` over the same sources, so checking
  // them again would only add time. Every other build (the demo, production) checks.
  typescript: { ignoreBuildErrors: process.env.LOYALIST_BUILD_TYPECHECKED === "1" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
