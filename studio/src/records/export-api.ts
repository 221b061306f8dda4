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
  /** Only the members of this segment (its filter and-ed with `filter`). */
  segment?: string;
}

/**
 * Asks the server for the file (`POST /export`, read under the user's rights) and hands it to the
 * browser as a download named as the server named it. Refusals come back as `ApiError`.
 */
export async function downloadExport(request: ExportRequest): Promise<void> {
  await downloadFromExport(
    {
      ...request,
      filter: request.filter ?? undefined,
      // No fields: every field the user reads (the server's default).
      fields: request.fields.length ? request.fields : undefined,
      headers: 'labels',
    },
    `${request.object}.${request.format}`,
  );
}

/** POSTs `body` to `/export` and saves the answer under the server's file name (else `fallbackName`). */
export async function downloadFromExport(body: Record<string, unknown>, fallbackName: string): Promise<void> {
  const response = await fetch('/export', {
    method: 'POST',
    headers: requestHeaders('*/*'),
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const failure = (await response.json().catch(() => null)) as { errors?: GraphQLErrorShape[] } | null;
    throw new ApiError(failure?.errors ?? [{ message: `The server answered HTTP ${response.status}.` }]);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  saveFile(await response.blob(), name ?? fallbackName);
}
