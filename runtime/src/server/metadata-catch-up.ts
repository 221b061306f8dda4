import type { MetadataRequestContext } from '@relata/core';
import type { DefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { WorkspaceManager } from '../workspaces';

/**
 * After a `/metadata` mutation, this node reloads the workspace if the mutation committed a new
 * metadata version, before the response leaves: the caller's very next request (a record write
 * with a field a deleted scoring model released, a view over a bundle's new object) must see the
 * new schema, not wait for our own NOTIFY. Queries change nothing and cost nothing here.
 */
export const useMetadataCatchUp = (workspaces: WorkspaceManager): Plugin<MetadataRequestContext> => ({
  onExecute: ({ args }) => {
    const mutation = args.document.definitions.some(
      (d: DefinitionNode) => d.kind === 'OperationDefinition' && d.operation === 'mutation',
    );
    if (!mutation) return;
    return {
      onExecuteDone: async () => {
        await workspaces.catchUp(args.contextValue.workspaceId).catch((error: unknown) => console.error(error));
      },
    };
  },
});
