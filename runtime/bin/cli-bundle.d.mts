/** See cli-bundle.mjs. */
export function freshBundle(command: string | undefined): Promise<string | null>;
export function commandModules(): Map<string, string>;
