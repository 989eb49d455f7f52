/** The custom scalars: days and instants as ISO strings, checked on the way in. */
import { GraphQLScalarType, Kind } from 'graphql';
import { isIsoDay } from '../shared/dates.ts';
import { badValue } from '../shared/errors.ts';

function dayOf(value: unknown): string {
  if (typeof value === 'string' && isIsoDay(value)) return value;
  throw badValue(`Date must be a calendar day as YYYY-MM-DD (e.g. "2020-02-10"), got ${JSON.stringify(value)}`);
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => dayOf(typeof value === 'object' && value !== null ? String(value) : value),
  parseValue: dayOf,
  parseLiteral: (ast) => dayOf(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw badValue(`DateTime must be ISO 8601, e.g. "2020-02-04T09:30:00Z", got ${JSON.stringify(value)}`);
    }
    return new Date(value).toISOString();
  },
});

function literalToJson(ast: import('graphql').ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw badValue('JSON literals cannot contain variables inside; pass the whole document as a variable');
  }
}

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
