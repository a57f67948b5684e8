import { Ajv2020 } from 'ajv/dist/2020.js'
import type { Options } from 'ajv'
import addFormats from 'ajv-formats'
import { AuthmockError } from '../core/errors.js'
import { describeAjvErrors } from './describe-ajv-errors.js'
import { DJANGO_EMAIL } from './django-email.js'
import type { ExtensionDeclarations, ModelValidators } from './model-validators.js'
import { operationExtensionSchema, rootExtensionSchema, schemeExtensionSchema } from './x-authmock-schema.js'

export { describeAjvErrors }

// Built once per process: the extension schemas never change.
const extensionAjv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
const extensionValidators = {
  root: extensionAjv.compile(rootExtensionSchema),
  scheme: extensionAjv.compile(schemeExtensionSchema),
  operation: extensionAjv.compile(operationExtensionSchema),
}

/**
 * The Node validators: ajv (JSON Schema 2020-12, which OpenAPI 3.1 uses).
 * Bodies are validated as sent; query and path values are strings on the
 * wire, so their validator coerces ("10" -> 10) like a server would.
 * `extra` lets the build script ask for standalone code (`code: {source: true}`).
 *
 * @example assembleModel(sources, {}, createAjvValidators())
 */
export function createAjvValidators(extra: Options = {}): ModelValidators & { body: Ajv2020; params: Ajv2020 } {
  const create = (coerceTypes: boolean): Ajv2020 => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes, useDefaults: false, ...extra })
    addFormats.default(ajv)
    // `format: email` is checked as the Django back ends check it, not by ajv-formats' narrower regex (django-email.ts).
    ajv.addFormat('email', DJANGO_EMAIL)
    return ajv
  }
  const body = create(false)
  const params = create(true)
  return {
    body,
    params,
    compileBody: (_key, schema) => body.compile(schema),
    compileParams: (_key, schema) => params.compile(schema),
    checkExtension<P extends keyof ExtensionDeclarations>(place: P, value: unknown, at: string): ExtensionDeclarations[P] {
      const validate = extensionValidators[place]
      if (!validate(value)) throw new AuthmockError('ERR_SPEC_EXTENSION', { at, detail: describeAjvErrors(validate.errors) })
      // The schema the type is derived from (x-authmock-schema.ts) has just accepted it.
      return value as ExtensionDeclarations[P]
    },
  }
}
