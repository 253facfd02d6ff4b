/**
 * The one cache of binned training matrices: FitOptions.cache, shared by the models fitted on one fold's
 * matrix, holds each layout's bins under its key, valid for that matrix object only. Without a cache the
 * bins are built afresh.
 */
export function cachedForMatrix<T extends { readonly rows: number; readonly cols: number }>(
  X: { readonly data: Float64Array; readonly rows: number; readonly cols: number },
  cache: Map<string, unknown> | undefined,
  key: string,
  build: () => T,
): T {
  const hit = cache?.get(key) as { data: Float64Array; bins: T } | undefined;
  if (hit && hit.data === X.data && hit.bins.rows === X.rows && hit.bins.cols === X.cols) return hit.bins;
  const bins = build();
  cache?.set(key, { data: X.data, bins });
  return bins;
}
