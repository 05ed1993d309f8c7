// Validates request bodies against a schema of an official OpenAPI document (spec/fixtures/specs/).
import { readFileSync } from "node:fs";
// The named export: under NodeNext the default import of this CommonJS module is its whole namespace.
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

/** Gives the schema errors of a body, or an empty list when it is valid. */
export type BodyValidator = (body: unknown) => readonly string[];

/**
 * `nullable` is an OpenAPI 3.0 keyword that these 3.1 documents still use here and there; ajv refuses it
 * on a schema without `type`, where it only widens what is accepted, so it is dropped there.
 */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropUntypedNullable(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if ("nullable" in record && record.type === undefined) delete record.nullable;
  for (const value of Object.values(record)) dropUntypedNullable(value);
}

/** Parses an OpenAPI document (slow: call it once per file) and compiles one of its component schemas. */
export function loadValidator(file: string, schemaName: string): BodyValidator {
  const document: unknown = parse(
    readFileSync(new URL(`../fixtures/specs/${file}`, import.meta.url), "utf8"),
  );
  dropUntypedNullable(document);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document as object, file);
  const validate = ajv.getSchema(`${file}#/components/schemas/${schemaName}`);
  if (validate === undefined) throw new Error(`${file} has no schema ${schemaName}`);
  return (body) =>
    validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
