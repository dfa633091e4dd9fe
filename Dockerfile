# One image for every Storyline process; each compose service picks its entry point with `command:`.
# Classic-builder syntax only (no BuildKit mounts or heredocs): see ../shared/docker/README.md.

# --- dependencies, installed once: depends on the manifests only, so a source edit reuses this layer -------------
# The full tree in /app/node_modules, for the build; the production tree in /prod, pruned from a copy made of hard
# links to the same files (no second download or install). Pruned in this same step because npm moves what it
# removes aside first, and overlayfs cannot rename a directory of an earlier layer: npm then copies each one before
# deleting it (`npm prune` as a step of its own: 1.5 min on this machine, against seconds here). npm's record of the
# tree is removed from the copy first: npm rewrites it in place, which would change the full tree's too. npm's download
# cache is of no use to a later step: emptied here, it never becomes part of the layer.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force \
 && mkdir /prod && cp package.json package-lock.json /prod/ && cp -al node_modules /prod/ \
 && rm /prod/node_modules/.package-lock.json \
 && cd /prod && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -mindepth 1 -maxdepth 1 -type d -empty -delete

# --- build: the compiled output, from the full tree (TypeScript, tsc-alias) -------------------------------------
FROM deps AS build
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
COPY --from=deps /prod/package.json ./
COPY --from=deps /prod/node_modules ./node_modules
# NER_MODEL_PATH and the background frequencies are resolved against /app/models.
COPY models ./models
COPY --from=build /app/dist ./dist
USER node
# Without a service-specific command the container runs the migration step, the one thing safe to run alone.
CMD ["node", "dist/tools/db/migrate.js"]
