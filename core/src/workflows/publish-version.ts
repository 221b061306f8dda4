import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { systemEntity } from '../system';
import type { WorkflowDefinition } from './model';

/**
 * Publishes `definition` (stored form, checked) as the workflow's next version and clears its
 * draft: runs started from now on use it, runs already started keep theirs. The trigger's type
 * and object are copied out so writes find their workflows by index.
 */
export function publishVersion(
  em: EntityManager,
  row: systemEntity.Workflow,
  definition: WorkflowDefinition,
  publishedBy: string | null,
): void {
  const version = (row.publishedVersion ?? 0) + 1;
  const trigger = definition.trigger;
  em.create(systemEntity.WorkflowVersion, {
    id: uuidv7(),
    workflow: row.id,
    version,
    definition,
    triggerType: trigger.type,
    triggerObjectId: 'object' in trigger ? trigger.object : null,
    publishedAt: new Date(),
    publishedBy,
  });
  row.publishedVersion = version;
  row.draft = null;
}
