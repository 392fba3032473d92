# syntax=docker/dockerfile:1.7
# Echelon: one image for every role. ROLE picks what the process runs: api, ingest, processor,
# gateway, or all (the default: every role in one process, as `npm start`).
#
#   docker build -t echelon .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e NATS_URL=nats://… -e ROLE=gateway echelon
#
# Node 24 runs the TypeScript sources directly (type stripping): there is no server build step, only
# the web app's Vite build.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies: every workspace's, from the lock file only, so source edits keep this layer ----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# No compilers: nothing in the lock file builds native code (@node-rs/argon2 and esbuild ship prebuilt
# binaries). A dependency that needs node-gyp fails this build in the image test, which is the moment to
# add python3, make and g++ here.
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY apps/simulator/package.json apps/simulator/
COPY packages/contracts/package.json packages/contracts/
COPY packages/domain/package.json packages/domain/
COPY packages/tracker-core/package.json packages/tracker-core/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- build: the spectator web app (Vite), then keep only what the server runs ---------------------------
# The web app's dependencies (React, Leaflet, i18next and their peer TypeScript) are bundled into
# apps/web/dist by the build, and the simulator is not shipped: without their package.json they are no
# longer workspaces, so the prune drops their dependencies and links too (a third of node_modules).
FROM deps AS build
COPY . .
RUN npm run build \
  && rm apps/web/package.json apps/simulator/package.json \
  && npm prune --omit=dev --no-audit --no-fund

# --- runtime: sources, production dependencies and the built web app; no compilers, not root ------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    ROLE=all \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    WEB_DIST_DIR=/app/apps/web/dist
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/packages ./packages
COPY --from=build --chown=node:node /app/apps/server ./apps/server
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
# The embedded database's folder, for ROLE=all without DATABASE_URL (a single-host install).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The image's own unprivileged user (uid 1000).
USER node
EXPOSE 3000
# /healthz answers while the event loop does; orchestrators use /readyz for traffic (see deploy/).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form): the server drains and exits within the grace period.
CMD ["node", "apps/server/src/main.ts"]
