/** `opportunityStage` -> `OpportunityStage` */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `opportunityStage` -> `opportunity_stage` */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Postgres truncates identifiers past 63 bytes, so every generated name must fit. */
export const MAX_IDENTIFIER_BYTES = 63;

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}
