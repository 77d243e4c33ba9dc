# syntax=docker/dockerfile:1
# One image definition, three targets: `web`, `worker`, and `migrate` (migrations + seed).
# Workspace packages ship TypeScript: the web and the worker are compiled (Next; esbuild into
# apps/worker/dist), the CLI and migrations run through tsx.
FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 ONNXRUNTIME_NODE_INSTALL=skip
COPY . .
# postinstall generates the Prisma client from prisma/schema.prisma.
RUN npm ci --no-audit --no-fund

FROM base AS web
RUN npm run -s build -w @medrank/web
# The custom server (apps/web/dist/server.mjs) runs Next and sets the client address from the
# socket; behind a reverse proxy set TRUSTED_PROXIES (addresses/CIDR ranges) so it believes
# that proxy's X-Forwarded-For and nobody else's.
ENV NODE_ENV=production PORT=3000 LISTEN_HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
WORKDIR /app/apps/web
# Node flags as in tools/env/web-server.ts (why the heap cap: see there).
CMD ["node", "--max-old-space-size=256", "dist/server.mjs"]

FROM base AS worker
RUN npm run -s build -w @medrank/worker
ENV NODE_ENV=production
# The worker forks its job processes (dist/job-process-main.mjs) itself.
CMD ["node", "--enable-source-maps", "apps/worker/dist/main.mjs"]

FROM base AS migrate
CMD ["sh", "-c", "npx tsx tools/migrate/src/migrate.ts deploy && npx tsx prisma/seed.ts"]
