/** The CRM-shaped workspace every GraphQL test uses, as a metadata bundle. */
const options = (...values: string[]) => values.map((value, position) => ({ value, label: value, position }));

export const FIXTURE_BUNDLE = {
  objects: [
    {
      nameSingular: 'company',
      namePlural: 'companies',
      labelSingular: 'Company',
      labelPlural: 'Companies',
      labelField: 'name',
      fields: [
        { name: 'name', label: 'Name', type: 'TEXT' },
        { name: 'domain', label: 'Domain', type: 'URL' },
        { name: 'employees', label: 'Employees', type: 'NUMBER' },
        { name: 'tier', label: 'Tier', type: 'SELECT', options: options('SMB', 'MID', 'ENTERPRISE') },
        { name: 'labels', label: 'Labels', type: 'MULTI_SELECT', options: options('RED', 'GREEN', 'BLUE') },
        { name: 'address', label: 'Address', type: 'ADDRESS' },
        { name: 'founded', label: 'Founded', type: 'DATE' },
        { name: 'rating', label: 'Rating', type: 'RATING' },
        { name: 'meta', label: 'Meta', type: 'JSON' },
        { name: 'active', label: 'Active', type: 'BOOLEAN' },
      ],
    },
    {
      nameSingular: 'person',
      namePlural: 'people',
      labelSingular: 'Person',
      labelPlural: 'People',
      fields: [
        { name: 'fullName', label: 'Full name', type: 'FULL_NAME' },
        { name: 'email', label: 'Email', type: 'EMAIL' },
        { name: 'score', label: 'Score', type: 'NUMBER', scale: 1 },
        {
          name: 'company',
          label: 'Company',
          type: 'RELATION',
          relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'people', onDelete: 'SET_NULL' },
        },
      ],
    },
    {
      nameSingular: 'opportunity',
      namePlural: 'opportunities',
      labelSingular: 'Opportunity',
      labelPlural: 'Opportunities',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT' },
        { name: 'amount', label: 'Amount', type: 'CURRENCY' },
        { name: 'stage', label: 'Stage', type: 'SELECT', options: options('NEW', 'WON', 'LOST') },
        { name: 'closeDate', label: 'Close date', type: 'DATE' },
        { name: 'lastActivityAt', label: 'Last activity', type: 'DATE_TIME' },
        {
          name: 'company',
          label: 'Company',
          type: 'RELATION',
          relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'opportunities', onDelete: 'SET_NULL' },
        },
        {
          name: 'contacts',
          label: 'Contacts',
          type: 'RELATION',
          relation: { target: 'person', kind: 'MANY_TO_MANY', inverseName: 'deals', onDelete: 'CASCADE' },
        },
      ],
    },
  ],
};
