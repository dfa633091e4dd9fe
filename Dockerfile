# One image for every Storyline process; each compose service picks its entry point with `command:`.
# Classic-builder syntax only (no BuildKit mounts or heredocs): see ../shared/docker/README.md.

# --- build: full dependency tree, compile, then drop dev dependencies in place -------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so source edits reuse the cached `npm ci` layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled JS, production node_modules and the trained models, run as the unprivileged user --------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay root-owned and read-only to the `node` user: the app never needs to write to its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# NER_MODEL_PATH and the background frequencies are resolved against /app/models.
COPY models ./models
USER node
# Without a service-specific command the container runs the migration step, the one thing safe to run alone.
CMD ["node", "dist/tools/db/migrate.js"]
