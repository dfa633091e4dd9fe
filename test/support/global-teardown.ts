/** Stops the containers global-setup started (Ryuk is disabled on these machines, so nobody else would). */
export default async function globalTeardown(): Promise<void> {
  const containers = ((globalThis as Record<string, unknown>).__STORYLINE_CONTAINERS__ ?? []) as {
    stop(): Promise<unknown>;
  }[];
  await Promise.all(containers.map((c) => c.stop()));
}
