import { type FieldMetadata, type ObjectMetadata, pascalCase } from '../metadata';

/** GraphQL type names generated for an object; one place so every generator agrees. */
export function typeNames(object: ObjectMetadata) {
  const type = pascalCase(object.nameSingular);
  return {
    type,
    connection: `${type}Connection`,
    edge: `${type}Edge`,
    filter: `${type}Filter`,
    orderBy: `${type}OrderBy`,
    groupBy: `${type}GroupBy`,
    aggregate: `${type}Aggregate`,
    aggregateGroup: `${type}AggregateGroup`,
    numericAggregate: `${type}NumericAggregate`,
    minMaxAggregate: `${type}MinMaxAggregate`,
    createInput: `${type}CreateInput`,
    updateInput: `${type}UpdateInput`,
    change: `${type}Change`,
    selectEnum: (field: FieldMetadata) => `${type}${pascalCase(field.name)}`,
    selectFilter: (field: FieldMetadata) => `${type}${pascalCase(field.name)}Filter`,
  };
}

/** Root field names for an object: `companies`, `company`, `companiesAggregate`, `createCompany`... */
export function rootFieldNames(object: ObjectMetadata) {
  const single = pascalCase(object.nameSingular);
  const plural = pascalCase(object.namePlural);
  return {
    list: object.namePlural,
    get: object.nameSingular,
    aggregate: `${object.namePlural}Aggregate`,
    create: `create${single}`,
    createMany: `create${plural}`,
    update: `update${single}`,
    delete: `delete${single}`,
    restore: `restore${single}`,
    destroy: `destroy${single}`,
    changed: `${object.nameSingular}Changed`,
  };
}
