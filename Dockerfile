# prefect-cloud-emulator as a docker service for CI:
#   docker build -t prefect-cloud-emulator .
#   docker run --rm -p 4200:4200 -v pce-data:/data prefect-cloud-emulator
# Configured by environment (every CLI flag has a PREFECT_EMULATOR_* variable; see --help).
# It binds 0.0.0.0 but answers only Host names that are loopback (127.0.0.1, localhost: what a
# published port gives). Reached by another container under a service name, allow that name:
#   docker run ... -e PREFECT_EMULATOR_ALLOW_HOST=prefect-cloud prefect-cloud-emulator   (--allow-host)
# Without PREFECT_EMULATOR_ADMIN_TOKEN it warns at start that the control API is open to anyone
# who can reach the port.
# `npm run test:image` (scripts/test-image.sh) builds this image and runs it for real.
ARG NODE_VERSION=24

# ---- build: the full install (compilers, bundlers) and `npm run build` -> dist/
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would build before the sources below are copied; the install
# layer stays cached while only sources change.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json schema.graphql ./
COPY scripts ./scripts
COPY src ./src
COPY fixtures ./fixtures
RUN npm run build

# ---- runtime: production dependencies, the built dist/, the schema and the ready fixtures
FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schema.graphql ./
COPY fixtures ./fixtures
# The data directory belongs to the unprivileged user the emulator runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
ENV PREFECT_EMULATOR_HOST=0.0.0.0 \
    PREFECT_EMULATOR_PORT=4200 \
    PREFECT_EMULATOR_DATA=/data/state.json
EXPOSE 4200
# The slim image has no curl: node asks /health on the configured port.
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PREFECT_EMULATOR_PORT || 4200) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bin starts node from the start-up snapshot the build stage made: the same node binary and
# the same /app, so it fits (bin/prefect-cloud-emulator says when it does not, and starts without).
CMD ["bin/prefect-cloud-emulator"]
