# The backend for Cloud Run. Build: docker build -t ai-template-fill-backend .
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY backend ./backend
COPY contracts ./contracts
COPY scripts ./scripts
RUN npx tsx scripts/build-backend.ts

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/backend ./dist/backend
USER node
# Cloud Run sets PORT; HOST must listen on every interface inside the container.
ENV HOST=0.0.0.0
# The same command as `npm run start:production`, run by node itself so SIGTERM reaches the server, which
# then finishes requests, writes pending usage records and gives back budget leases before it exits.
# Admin tasks: docker run … node dist/backend/admin-cli.js <command>
CMD ["node", "--enable-source-maps", "dist/backend/server.js"]
