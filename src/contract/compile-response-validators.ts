import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { DocumentedResponse, SpecModel } from '../model/spec-model.js'
import { DJANGO_EMAIL } from '../model/django-email.js'

/** The compiled checks of one documented response. */
export interface ResponseValidator {
  /** Undefined when the response documents no body schema. */
  body?: ValidateFunction | undefined
  /** Declared headers that have a schema, by lower-case name. */
  headers: Map<string, ValidateFunction>
}

export interface ResponseValidators {
  /** The validator of a documented response of this model. */
  of(response: DocumentedResponse): ResponseValidator
}

const cache = new WeakMap<SpecModel, ResponseValidators>()

/**
 * Compiles every documented response's body and header schemas once per model
 * (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses; all errors, so a report lists
 * every problem of a body, not the first). Later calls with the same model get
 * the same validators: nothing is compiled per request.
 *
 * @example
 * const validators = compileResponseValidators(model)
 * const { body } = validators.of(operation.responses[0])
 * body?.({ key: 'x' })
 */
export function compileResponseValidators(model: SpecModel): ResponseValidators {
  const cached = cache.get(model)
  if (cached) return cached
  // strict: false because the specs carry OpenAPI keywords (example, description) ajv does not know.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true })
  addFormats.default(ajv)
  // The same `format: email` as the request side (model/create-ajv-validators.ts): an address the API accepted
  // (a@пример.испытание) and echoes back must not fail the answer's check. Found by the fuzz tests.
  ajv.addFormat('email', DJANGO_EMAIL)
  const table = new Map<DocumentedResponse, ResponseValidator>()
  for (const operation of model.apis.flatMap((api) => api.operations)) {
    for (const response of operation.responses) {
      const headers = new Map<string, ValidateFunction>()
      for (const header of response.declaredHeaders) {
        if (header.schema) headers.set(header.name, ajv.compile(header.schema))
      }
      table.set(response, { body: response.schema ? ajv.compile(response.schema) : undefined, headers })
    }
  }
  const validators: ResponseValidators = {
    of(response) {
      return table.get(response) ?? { headers: new Map() }
    },
  }
  cache.set(model, validators)
  return validators
}
