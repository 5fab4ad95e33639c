# One image for every Louyu part; docker-compose.yml picks the part with the command (`louyu broker`, ...).
# The build stage installs everything, compiles better-sqlite3 and the TypeScript, builds the web app, then
# drops the development dependencies; the final stage holds only compiled JavaScript, the built web app and
# production dependencies: no sources, no TypeScript, no test tools, no compilers.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /louyu
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY store/package.json store/
COPY broker/package.json broker/
COPY ingest/package.json ingest/
COPY dashboard/server/package.json dashboard/server/
COPY dashboard/web/package.json dashboard/web/
COPY simulators/package.json simulators/
COPY cli/package.json cli/
# Without scripts: the root "prepare" (the build) needs the sources, copied next; the native modules are
# built explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build && npm run build -w @louyu/dashboard-web
RUN npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
  && mkdir -p /app \
  && cp -a package.json node_modules /app/ \
  && for p in core store broker ingest dashboard/server dashboard/web simulators cli; do \
       mkdir -p /app/$p && cp -a $p/package.json /app/$p/ \
       && for d in dist dist-node bin data node_modules; do if [ -e $p/$d ]; then cp -a $p/$d /app/$p/; fi; done; \
     done \
  && find /app -name '*.tsbuildinfo' -delete

FROM node:20-bookworm-slim
ENV NODE_ENV=production LOUYU_DATA_DIR=/data LOUYU_LOG_JSON=1 LOUYU_COMPILED=1
WORKDIR /louyu
COPY --from=build /app /louyu
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# `louyu start` (the default command) answers /healthz on its dashboard port; the compose services that run
# one part each (broker, ingest, ...) set their own check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.LOUYU_HTTP_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "cli/bin/louyu.js"]
CMD ["start"]
