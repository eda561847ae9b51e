import type { HttpRequest } from '@azure/functions';

/**
 * The absolute status URL of a run, built from the URL the request came in on (so the host name and route prefix are
 * whatever the caller used). A function key given as `?code=` is kept: a Logic App polls the Location it is given as is.
 */
export function runLocation(request: HttpRequest, runId: string): string {
  const url = new URL(request.url);
  const base = url.pathname.replace(/\/hunt(\/runs\/[^/]*)?\/?$/, '');
  const location = new URL(`${base}/hunt/runs/${encodeURIComponent(runId)}`, url.origin);
  const code = url.searchParams.get('code');
  if (code !== null) location.searchParams.set('code', code);
  return location.toString();
}
