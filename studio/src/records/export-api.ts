import { ApiError, type GraphQLErrorShape, requestHeaders } from '../api/graphql-client';
import { saveFile } from '../ui/save-file';
import type { Filter, OrderBy } from './records-api';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportRequest {
  object: string;
  format: ExportFormat;
  filter: Filter | null;
  orderBy: OrderBy;
  fields: string[];
}

/**
 * Asks the server for the file (`POST /export`, read under the user's rights) and hands it to the
 * browser as a download named as the server named it. Refusals come back as `ApiError`.
 */
export async function downloadExport(request: ExportRequest): Promise<void> {
  const response = await fetch('/export', {
    method: 'POST',
    headers: requestHeaders('*/*'),
    body: JSON.stringify({ ...request, filter: request.filter ?? undefined, headers: 'labels' }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: GraphQLErrorShape[] } | null;
    throw new ApiError(body?.errors ?? [{ message: `The server answered HTTP ${response.status}.` }]);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  saveFile(await response.blob(), name ?? `${request.object}.${request.format}`);
}
