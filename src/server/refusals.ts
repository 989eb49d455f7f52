/**
 * Every refusal carries a code the README documents. GraphQL's own refusals
 * come from several phases, each typed where it happens:
 *
 * - a value in the document that does not fit its argument's type:
 *   BAD_USER_INPUT naming the argument (after validation);
 * - anything else the schema refuses (unknown field, missing argument):
 *   GRAPHQL_VALIDATION_FAILED (Yoga's own code, kept);
 * - variables that do not coerce (an unknown enum value, an Int out of
 *   range, a required variable left out): BAD_USER_INPUT naming the
 *   variable and the argument it feeds, before execution;
 * - a string longer than GRAPHQL_MAX_STRING_LENGTH, in the document or in a
 *   variable: BAD_USER_INPUT naming the argument;
 * - whatever still has no code when the answer leaves: BAD_REQUEST for an
 *   HTTP 4xx (Yoga's refusals of the request itself), INTERNAL_SERVER_ERROR
 *   otherwise.
 *
 * No message quotes more than a bounded part of what the caller sent.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isListType,
  isScalarType,
  isSpecifiedScalarType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { duplicateKeyMessage, findDuplicateKey } from '../dataset/duplicate-keys.ts';
import { badRequest, ErrorCode, requestTooLarge } from '../modules/shared/errors.ts';

/** Longest message an answer carries: GraphQL quotes offending values, which the caller may have made huge. */
export const MAX_MESSAGE_LENGTH = 500;

/** The scalar whose values are whole documents (`loadDataset`), bounded by the body size instead. */
const UNBOUNDED_SCALARS = new Set(['JSON']);

const VALUE_KINDS = new Set<string>([Kind.VARIABLE, Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

function pathWithin(value: ValueNode, target: ASTNode, path: string): string | null {
  if (value === target) return path;
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const found = pathWithin(field.value, target, `${path}.${field.name.value}`);
      if (found) return found;
    }
  }
  if (value.kind === Kind.LIST) {
    for (const [i, item] of value.values.entries()) {
      const found = pathWithin(item, target, `${path}[${i}]`);
      if (found) return found;
    }
  }
  return null;
}

/** `filter.nameContains`, `input.targets[1].enterpriseId`: where in an argument a value node sits. */
export function argumentPathOf(document: DocumentNode, target: ASTNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node: ArgumentNode) {
      found ??= pathWithin(node.value, target, node.name.value);
      return found ? false : undefined;
    },
  });
  return found;
}

/** The argument a variable feeds (the first, when it feeds several). */
function argumentFedBy(document: DocumentNode, variable: string): string | null {
  let found: string | null = null;
  visit(document, {
    Variable(node) {
      if (found || node.name.value !== variable) return;
      found = argumentPathOf(document, node);
    },
  });
  return found;
}

/** The message cut to MAX_MESSAGE_LENGTH characters, the note of its full length included. */
function clip(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const note = `… (${message.length} characters in all)`;
  return `${message.slice(0, MAX_MESSAGE_LENGTH - note.length)}${note}`;
}

function withExtensions(error: GraphQLError, extensions: Record<string, unknown>, message = error.message): GraphQLError {
  return new GraphQLError(clip(message), {
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions,
  });
}

/**
 * The literal a custom scalar refused: graphql-js reports a GraphQLError
 * thrown by `parseLiteral` as it is, without the node, so the literals of
 * custom scalars are parsed again to find the one that throws it.
 */
function refusedScalarLiteral(schema: GraphQLSchema, document: DocumentNode, error: GraphQLError): ValueNode | undefined {
  let found: ValueNode | undefined;
  const typeInfo = new TypeInfo(schema);
  const check = (node: ValueNode) => {
    const type = typeInfo.getInputType();
    const named = type ? getNamedType(type) : undefined;
    if (found || !named || !isScalarType(named) || isSpecifiedScalarType(named)) return;
    try {
      named.parseLiteral(node, undefined);
    } catch (thrown) {
      if (thrown instanceof GraphQLError && thrown.message === error.message) found = node;
    }
  };
  visit(document, visitWithTypeInfo(typeInfo, { StringValue: check, IntValue: check, FloatValue: check, BooleanValue: check, EnumValue: check }));
  return found;
}

/** A validation error about a value the caller wrote into an argument becomes BAD_USER_INPUT naming it. */
function typedValidationError(error: GraphQLError, schema: GraphQLSchema, document: DocumentNode): GraphQLError {
  const node = error.nodes?.[0] ?? (error.extensions.code === ErrorCode.BAD_USER_INPUT ? refusedScalarLiteral(schema, document, error) : undefined);
  if (!node || !VALUE_KINDS.has(node.kind) || node.kind === Kind.VARIABLE) return error;
  const argument = argumentPathOf(document, node);
  if (!argument) return error;
  return withExtensions(error, { ...error.extensions, code: error.extensions.code ?? ErrorCode.BAD_USER_INPUT, argument });
}

function typedVariableError(error: GraphQLError, document: DocumentNode): GraphQLError {
  const definition = error.nodes?.[0];
  const variable = definition?.kind === Kind.VARIABLE_DEFINITION ? definition.variable.name.value : undefined;
  const argument = variable ? argumentFedBy(document, variable) : null;
  return withExtensions(error, {
    ...error.extensions,
    code: ErrorCode.BAD_USER_INPUT,
    ...(variable ? { variable } : {}),
    ...(argument ? { argument } : {}),
    http: { spec: true, status: 400 },
  });
}

function tooLong(argument: string, length: number, max: number, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${argument}: at most ${max} characters (GRAPHQL_MAX_STRING_LENGTH), got ${length}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument, limit: 'GRAPHQL_MAX_STRING_LENGTH', max, ...extra, http: { spec: true, status: 400 } },
  });
}

/** A validation rule: no string literal of the document longer than `max`, except in whole-document scalars. */
export function maxStringLengthRule(max: number) {
  return (context: ValidationContext) => ({
    StringValue(node: import('graphql').StringValueNode) {
      if (node.value.length <= max) return;
      const type = context.getInputType();
      if (type && UNBOUNDED_SCALARS.has(getNamedType(type).name)) return;
      const argument = argumentPathOf(context.getDocument(), node) ?? 'query';
      context.reportError(tooLong(argument, node.value.length, max));
    },
  });
}

/** The first string of a variable's value longer than `max`, with its path. */
function longStringIn(value: unknown, type: GraphQLInputType, path: string, max: number): { path: string; length: number } | null {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (value === null || value === undefined) return null;
  if (isScalarType(nullable)) {
    if (UNBOUNDED_SCALARS.has(nullable.name)) return null;
    return typeof value === 'string' && value.length > max ? { path, length: value.length } : null;
  }
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const found = longStringIn(item, nullable.ofType, `${path}[${i}]`, max);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable) && typeof value === 'object') {
    const fields = nullable.getFields();
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      const definition = fields[name];
      if (!definition) continue;
      const found = longStringIn(field, definition.type, `${path}.${name}`, max);
      if (found) return found;
    }
  }
  return null;
}

/** Refusals of the variables, or null when they coerce and every string is within bounds. */
function variableRefusals(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  values: Record<string, unknown> | null | undefined,
  maxStringLength: number,
): GraphQLError[] | null {
  const definitions = operation.variableDefinitions ?? [];
  const coerced = getVariableValues(schema, definitions, values ?? {}, { maxErrors: 20 });
  if (coerced.errors) return coerced.errors.map((e) => typedVariableError(e, document));
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const found = longStringIn(values?.[name], type, `$${name}`, maxStringLength);
    if (found) {
      const argument = argumentFedBy(document, name);
      const suffix = found.path.slice(name.length + 1);
      return [tooLong(argument ? `${argument}${suffix}` : found.path, found.length, maxStringLength, { variable: name })];
    }
  }
  return null;
}

function shaped(error: GraphQLError, maxBodyBytes: number): GraphQLError {
  const extensions = { ...error.extensions } as Record<string, unknown> & { http?: { status?: number } };
  // Yoga's refusal of an unreadable body quotes the JSON parser, which quotes the body.
  delete extensions.originalError;
  if (extensions.code === 'REQUEST_ENTITY_TOO_LARGE') return requestTooLarge(maxBodyBytes);
  // A request that is not a GraphQL request is a 400 whatever the media type (Yoga answers an
  // unreadable body with 200 to application/json clients, where GraphQL over HTTP recommends 400).
  if (extensions.code === ErrorCode.BAD_REQUEST && extensions.http && 'spec' in extensions.http) {
    const { spec: _spec, ...http } = extensions.http as { spec?: boolean; status?: number };
    extensions.http = http;
  }
  if (extensions.code === undefined || !Object.values(ErrorCode).includes(extensions.code as ErrorCode)) {
    const status = extensions.http?.status;
    if (status !== undefined && status >= 400 && status < 500) {
      return withExtensions(error, { ...extensions, code: ErrorCode.BAD_REQUEST });
    }
    if (extensions.code === undefined) extensions.code = ErrorCode.INTERNAL_SERVER_ERROR;
  }
  const unchanged =
    error.message.length <= MAX_MESSAGE_LENGTH &&
    Object.keys(extensions).length === Object.keys(error.extensions).length &&
    extensions.code === error.extensions.code &&
    extensions.http === error.extensions.http;
  return unchanged ? error : withExtensions(error, extensions);
}

function shapeResult<T extends ExecutionResult>(result: T, maxBodyBytes: number): T {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? shaped(e, maxBodyBytes) : e)) };
}

export function useTypedRefusals(options: { maxStringLength: number; maxBodyBytes: number }): Plugin {
  const { maxStringLength, maxBodyBytes } = options;
  const checkVariables = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }) => {
    const operation = getOperationAST(args.document, args.operationName);
    return operation ? variableRefusals(args.schema, args.document, operation, args.variableValues, maxStringLength) : null;
  };
  return {
    onValidate({ params, addValidationRule }) {
      addValidationRule(maxStringLengthRule(maxStringLength));
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((e) => (e instanceof GraphQLError ? typedValidationError(e, params.schema, params.documentAST) : e)));
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const errors = checkVariables(args);
      if (errors) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = checkVariables(args);
      if (errors) setResultAndStopExecution({ errors });
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => shapeResult(r, maxBodyBytes)));
      else if (!(Symbol.asyncIterator in result)) setResult(shapeResult(result, maxBodyBytes));
    },
  };
}

function isJsonPost(request: Request): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return request.method === 'POST' && (type === 'application/json' || type === 'application/graphql+json');
}

/**
 * A JSON body is read as Yoga reads it, and refused when an object in it
 * repeats a key: JSON.parse keeps the last one silently, so a variable
 * (a dataset's `"workforce": 410, "workforce": 99999`) would take a value the
 * sender may never have meant. BAD_REQUEST naming the path and line. Yoga's
 * body size limit wraps this parser as it wraps its own.
 */
export function useUniqueJsonKeys(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (!isJsonPost(request)) return;
      setRequestParser(async (req) => {
        const text = await req.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw badRequest('POST body sent invalid JSON.');
        }
        if (body === null || typeof body !== 'object') throw badRequest(`POST body is expected to be an object, but it is ${body === null ? 'null' : typeof body}`);
        const duplicate = findDuplicateKey(text);
        if (duplicate !== null) throw badRequest(duplicateKeyMessage(duplicate), 400, { path: duplicate.path, line: duplicate.line });
        return body as Record<string, unknown>;
      });
    },
  };
}
