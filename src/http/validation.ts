import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped when imported from ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  strict: false,
  // The schemas are TypeBox's, checked when they are written (typecheck, the route tests).
  // Checking each against the JSON Schema meta-schema first compiled that meta-schema on the
  // first request of every process: about 100 ms of the first article's answer.
  validateSchema: false,
};

/*
 * Two validators: URLs only carry strings, so query strings, params and headers are coerced
 * ("2" → 2), while JSON bodies are checked as sent (a title of 42 is an error, not "42").
 */
const coercing = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
const exact = addFormats(new Ajv({ ...common, coerceTypes: false }));

interface LazyValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/*
 * Compiling the schemas of every route at start took about half a second of the cold start, most
 * of it for routes a given process never serves; each is compiled on its first request instead.
 * Fastify reads the outcome's details from the function's `errors`, as with Ajv's own.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? exact : coercing;
  let compiled: ValidateFunction | undefined;
  const validate: LazyValidator = (data) => {
    compiled ??= ajv.compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
};

type SerializerFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildSerializer'];

/*
 * The same for response schemas: Fastify's own serializer compiler (fast-json-stringify), but
 * each route's serializer is built on its first answer instead of for every route at `ready`,
 * which took about 200 ms of the cold start. Pass as `schemaController.compilersFactory`.
 */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      serialize ??= compile(route);
      return serialize(data);
    };
  };
};
