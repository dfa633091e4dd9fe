/**
 * The SQLSTATE (or socket error code) of a failed query: TypeORM wraps the driver's error (`driverError`), the
 * driver's own errors carry it directly. '' when there is none.
 */
export function sqlState(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  return String(e?.driverError?.code ?? e?.code ?? '');
}
