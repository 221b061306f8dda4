import { Migration } from '@mikro-orm/migrations';

/** Drops, from every audit row, the keys of fields its object no longer has. */
export const DROP_KEYS_OF_GONE_FIELDS = `with live as (
  select o."workspace_id", o."name_singular" as object_name,
         array['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'deletedAt', 'version']
           || coalesce(array_agg(case
                when f."type" <> 'RELATION' then f."name"
                when f."settings" -> 'relation' ->> 'kind' = 'MANY_TO_MANY' then f."name" || 'Ids'
                else f."name" || 'Id' end) filter (where f."id" is not null), '{}') as keys
    from "relata"."objects" o left join "relata"."fields" f on f."object_id" = o."id"
   group by o."workspace_id", o."name_singular"
), stale as (
  select a."id", array(
           select k from jsonb_object_keys(coalesce(a."before", '{}') || coalesce(a."after", '{}')) as k
            where k <> all(live.keys)
           union select k from unnest(a."changed_fields") as k where k <> all(live.keys)) as keys
    from "relata"."audit_log" a
    join live on live."workspace_id" = a."workspace_id" and live.object_name = a."object_name"
)
update "relata"."audit_log" a set
  "before" = a."before" - stale.keys,
  "after" = a."after" - stale.keys,
  "changed_fields" = array(select k from unnest(a."changed_fields") with ordinality as c(k, n)
                            where k <> all(stale.keys) order by n)
  from stale where stale."id" = a."id" and cardinality(stale.keys) > 0`;

/**
 * Audit rows written before history followed field identity may still carry the values of
 * fields deleted since (a field re-created under the same name would show them). This drops
 * every key that is neither a standard field nor the key of a field the object still has;
 * from now on `rebindHistory` keeps the log in step with each metadata change.
 */
export class HistoryOfLiveFields extends Migration {
  override async up(): Promise<void> {
    this.addSql(DROP_KEYS_OF_GONE_FIELDS);
  }

  override async down(): Promise<void> {
    // The dropped values belonged to fields that no longer exist; there is nothing to restore.
  }
}
