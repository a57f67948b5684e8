import type { ValidateFunction } from 'ajv'
import type { OperationDeclaration, RootDeclaration, SchemeDeclaration } from './x-authmock-schema.js'

/** The type of a checked x-authmock declaration, by where it stands. */
export interface ExtensionDeclarations {
  root: RootDeclaration
  scheme: SchemeDeclaration
  operation: OperationDeclaration
}

/**
 * What the model needs from a JSON Schema validator. In Node it is ajv,
 * compiling at load; in the browser build it is a table of validators ajv
 * compiled to code at build time, so no ajv ships to the browser.
 */
export interface ModelValidators {
  /** A request-body validator; `key` is "api:operationId:body". */
  compileBody(key: string, schema: object): ValidateFunction
  /** A validator of query and path values as one object, coercing strings ("10" -> 10); `key` is "api:operationId:params". */
  compileParams(key: string, schema: object): ValidateFunction
  /** Checks an x-authmock declaration and returns it typed; throws ERR_SPEC_EXTENSION naming `at`. */
  checkExtension<P extends keyof ExtensionDeclarations>(place: P, value: unknown, at: string): ExtensionDeclarations[P]
}
