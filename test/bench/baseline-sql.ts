import { qualify } from '@relata/core';

/** A statement returning one row with `body`: the whole GraphQL-shaped response as text. */
export interface BaselineStatement {
  text: string;
  params(variables: Record<string, unknown>): unknown[];
}

const pageSize = (variables: Record<string, unknown>, fallback: number) =>
  typeof variables.first === 'number' ? variables.first : fallback;

/**
 * Query 1 by hand: one statement, json aggregation in PostgreSQL, Node only forwards text.
 * Ordering matches Relata's (amount desc nulls last, then id as the tie-breaker).
 */
function opportunityBoard(schema: string): BaselineStatement {
  const opportunities = qualify(schema, 'opportunities');
  return {
    text: `
      with page as (
        select o.id, o.title, o.stage, o.close_date, o.amount_amount, o.amount_currency_code, o.company_id
        from ${opportunities} o
        where o.stage = $1 and o.deleted_at is null
        order by o.amount_amount desc nulls last, o.id
        limit $2
      )
      select json_build_object('data', json_build_object('opportunities', json_build_object(
        'totalCount', (select count(*) from ${opportunities} where stage = $1 and deleted_at is null),
        'edges', coalesce((
          select json_agg(json_build_object('node', json_build_object(
            'id', p.id, 'title', p.title, 'stage', p.stage, 'closeDate', p.close_date,
            'amount', json_build_object('amount', p.amount_amount, 'currencyCode', p.amount_currency_code),
            'company', c.company)) order by p.amount_amount desc nulls last, p.id)
          from page p
          left join lateral (
            select json_build_object('id', c.id, 'name', c.name, 'domain', c.domain,
              'people', json_build_object('edges', coalesce((
                select json_agg(json_build_object('node', json_build_object('id', pe.id, 'email', pe.email,
                  'fullName', json_build_object('firstName', pe.full_name_first_name,
                                                'lastName', pe.full_name_last_name)))
                  order by pe.email asc nulls last, pe.id)
                from (
                  select * from ${qualify(schema, 'people')} pe
                  where pe.company_id = c.id and pe.deleted_at is null
                  order by pe.email asc nulls last, pe.id
                  limit 3
                ) pe), '[]'::json))) as company
            from ${qualify(schema, 'companies')} c
            where c.id = p.company_id and c.deleted_at is null
          ) c on true), '[]'::json)
      )))::text as body`,
    params: (variables) => ['WON', pageSize(variables, 50)],
  };
}

/** Query 2 by hand: 20 rows of scalars, the per-request overhead floor. */
function companyList(schema: string): BaselineStatement {
  return {
    text: `
      select json_build_object('data', json_build_object('companies', json_build_object('edges', coalesce(
        json_agg(json_build_object('node', json_build_object(
          'id', c.id, 'name', c.name, 'domain', c.domain, 'employees', c.employees, 'version', c.version))
          order by c.name asc nulls last, c.id), '[]'::json))))::text as body
      from (
        select id, name, domain, employees, version from ${qualify(schema, 'companies')}
        where deleted_at is null
        order by name asc nulls last, id
        limit $1
      ) c`,
    params: (variables) => [pageSize(variables, 20)],
  };
}

/** Statements by GraphQL operation name, for the CRM workspace in `schema`. */
export function baselineStatements(schema: string): Record<string, BaselineStatement> {
  return { OpportunityBoard: opportunityBoard(schema), CompanyList: companyList(schema) };
}
