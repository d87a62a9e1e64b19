# Production image. Build: docker build -t ket-noi-an-toan .
# Run with PostgreSQL and keys from your secret store:
#   docker run -p 3000:3000 -e NODE_ENV=production -e DATABASE_URL=... -e ENCRYPTION_KEY=... -e HMAC_KEY=... ket-noi-an-toan
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Two malloc arenas instead of up to eight per core: the threads' arenas held about 40 MB of RSS (ARCHITECTURE.md, Memory).
ENV MALLOC_ARENA_MAX=2
# A fixed mmap threshold: blocks of 128 KB and more are mapped and unmapped, never left in the heap (ARCHITECTURE.md, Memory).
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY src/store/cli-adapter.ts ./src/store/cli-adapter.ts
RUN npm ci --no-audit --no-fund
COPY . .
# Embedded-database users mount a volume here; PostgreSQL users can ignore it.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# Liveness only (/healthz never asks the database: the app reconnects by itself after an outage, and a
# restart would not help). Load balancers and orchestrator readiness probes use /readyz instead.
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "--import", "./src/load-tsx.ts", "src/main.ts"]
