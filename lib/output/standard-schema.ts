// The Standard Schema and Standard JSON Schema interfaces (https://standardschema.dev), written out here as
// the spec invites, so that chatwire needs no package for them. Flattened from the spec's namespaces.

/** The types a schema advertises: what it accepts and what it gives back. */
export interface StandardTypes<Input = unknown, Output = Input> {
  readonly input: Input;
  readonly output: Output;
}

/** A path segment of a Standard Schema issue: a key, or an object holding one. */
export interface StandardPathSegment {
  readonly key: PropertyKey;
}

/** One problem a Standard Schema found in a value. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | StandardPathSegment> | undefined;
}

/** What a Standard Schema's `validate` gives: the value, or the issues. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** The `~standard` properties of a Standard Schema (validation). */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  /** Checks a value: the value (possibly transformed), or the issues found. */
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  readonly types?: StandardTypes<Input, Output> | undefined;
}

/** A Standard Schema (valibot, zod, arktype...): anything with a `~standard.validate`. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

/** The options of a Standard JSON Schema conversion. */
export interface StandardJsonSchemaOptions {
  readonly target: "draft-2020-12" | "draft-07" | "openapi-3.0" | (string & {});
  readonly libraryOptions?: Record<string, unknown> | undefined;
}

/** Converts a schema's input or output type to JSON Schema; may throw when it cannot. */
export interface StandardJsonSchemaConverter {
  /** The JSON Schema of what the schema accepts. */
  readonly input: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
  /** The JSON Schema of what the schema gives back. */
  readonly output: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
}

/** The `~standard` properties of a Standard JSON Schema (conversion). */
export interface StandardJsonSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly types?: StandardTypes<Input, Output> | undefined;
  readonly jsonSchema: StandardJsonSchemaConverter;
}

/** A Standard JSON Schema (zod 4.2+, arktype 2.1.28+, valibot's `toStandardJsonSchema`): it can give a JSON Schema. */
export interface StandardJsonSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardJsonSchemaProps<Input, Output>;
}
