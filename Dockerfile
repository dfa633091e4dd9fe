# One image for every Storyline process; each compose service picks its entry point with `command:`.
# Classic-builder syntax only (no BuildKit mounts or heredocs): see ../shared/docker/README.md.

# --- production dependencies: depends on the manifests only, so a source edit reuses this layer --------------
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- build: the full dependency tree (TypeScript, tsc-alias) and the compiled output ------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build

# --- runtime: compiled JS, production node_modules and the trained models, run as the unprivileged user --------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay root-owned and read-only to the `node` user: the app never needs to write to its own code.
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# NER_MODEL_PATH and the background frequencies are resolved against /app/models.
COPY models ./models
COPY --from=build /app/dist ./dist
USER node
# Without a service-specific command the container runs the migration step, the one thing safe to run alone.
CMD ["node", "dist/tools/db/migrate.js"]
