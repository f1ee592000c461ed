/** One page of a list, with where it stands in the whole. */
export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/**
 * A page of a list whose query counts the whole with `count(*) OVER () AS total` on every row. A page
 * past the end (a stale link) is answered with the last page, after counting. Page sizes are held to
 * 1-100, pages to 1 and up.
 */
export async function fetchPage<R extends { total?: number }>(
  params: { page?: number; pageSize?: number },
  query: { page: (page: number, pageSize: number) => Promise<R[]>; count: () => Promise<number> },
): Promise<ListPage<R>> {
  const pageSize = Math.min(Math.max(Math.trunc(params.pageSize ?? 25), 1), 100);
  const requested = Math.max(Math.trunc(params.page ?? 1), 1);
  let rows = await query.page(requested, pageSize);
  let total = rows[0]?.total ?? 0;
  let current = requested;
  if (rows.length === 0 && requested > 1) {
    total = await query.count();
    current = Math.max(1, Math.ceil(total / pageSize));
    rows = total > 0 ? await query.page(current, pageSize) : [];
  }
  return { rows, total, page: current, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
