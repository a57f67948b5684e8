import type { ErrorObject } from 'ajv'

/** "instancePath message" for each ajv error, joined; for load-time messages. Its own file, so using it loads no ajv. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ')
}
