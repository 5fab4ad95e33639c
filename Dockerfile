# One image for every Louyu part; docker-compose.yml picks the part with the command (`louyu broker`, ...).
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
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @louyu/dashboard-web

FROM node:20-bookworm-slim
WORKDIR /louyu
COPY --from=build /louyu /louyu
ENV LOUYU_DATA_DIR=/data LOUYU_LOG_JSON=1
VOLUME /data
ENTRYPOINT ["node", "cli/bin/louyu.js"]
CMD ["start"]
