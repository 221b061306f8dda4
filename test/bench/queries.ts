/**
 * The two read requests of issue 2, as GraphQL for Relata. The baseline server recognises
 * them by `operationName` and answers the same JSON from hand-written SQL (baseline-sql.ts).
 */
export const OPPORTUNITY_BOARD = /* GraphQL */ `
  query OpportunityBoard($first: Int) {
    opportunities(filter: { stage: { eq: WON } }, orderBy: [{ amount: DescNullsLast }], first: $first) {
      totalCount
      edges {
        node {
          id
          title
          stage
          closeDate
          amount { amount currencyCode }
          company {
            id
            name
            domain
            people(first: 3, orderBy: [{ email: AscNullsLast }]) {
              edges { node { id email fullName { firstName lastName } } }
            }
          }
        }
      }
    }
  }
`;

/** The stage the board filters on (inlined above as an enum literal). */
export const BOARD_STAGE = 'WON';

export const COMPANY_LIST = /* GraphQL */ `
  query CompanyList {
    companies(first: 20, orderBy: [{ name: AscNullsLast }]) {
      edges { node { id name domain employees version } }
    }
  }
`;

export interface GraphqlRequest {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

export const boardRequest = (first = 50): GraphqlRequest => ({
  operationName: 'OpportunityBoard',
  query: OPPORTUNITY_BOARD,
  variables: { first },
});

export const companyListRequest = (): GraphqlRequest => ({
  operationName: 'CompanyList',
  query: COMPANY_LIST,
  variables: {},
});
