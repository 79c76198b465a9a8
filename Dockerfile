# Image of the Customer.io source, run by the Airbyte platform as
#   docker run IMAGE read --config /secrets/config.json --catalog /secrets/catalog.json [--state ...]
# Two stages: the first compiles TypeScript with the dev dependencies, the second carries only the
# compiled code, the JSON schemas and the production node_modules.

FROM node:24-bookworm-slim AS build
# Lets scripts/container-smoke.sh prune the leftover images of this stage (the runtime image has no such label).
LABEL stage=source-customer-io-build
WORKDIR /build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json tsconfig*.json ./
COPY src ./src
COPY schemas ./schemas
# `npm ci` runs the package's `prepare` script, which compiles src/ into dist/.
RUN npm ci --no-audit --no-fund \
 && test -f dist/bin/main.js \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
LABEL io.airbyte.name=ghcr.io/source-customer-io/source-customer-io
LABEL io.airbyte.version=0.1.0
ENV NODE_ENV=production
WORKDIR /airbyte
# Owned by root and not writable by the runtime user: the connector only reads its own files.
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/schemas ./schemas
COPY --from=build /build/dist ./dist
# The `node` user of the base image (uid 1000). Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# The platform wraps the entrypoint using this variable: it must be the ENTRYPOINT array joined by spaces.
ENV AIRBYTE_ENTRYPOINT="node --max-semi-space-size=16 /airbyte/dist/bin/main.js"
# node directly, not npm: only the connector may write to stdout, and signals reach it unrelayed.
# Node 24 lets the young generation grow past Node 20's 16 MB a semi-space; holding it at 16 keeps a
# sync with a million people in its people set near 210 MB peak RSS instead of 290, at no cost in
# time (bench --only people-memory). The bench runs the connector with these same flags.
ENTRYPOINT ["node", "--max-semi-space-size=16", "/airbyte/dist/bin/main.js"]
