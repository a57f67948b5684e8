import type { Api, Operation, SpecModel } from '../model/spec-model.js'

const OPERATIONS = new WeakMap<SpecModel, ReadonlyMap<string, { api: Api; op: Operation }>>()

/**
 * A model's operations by operationId, with their API, built once per model
 * (serve --watch brings a new model, and with it a new index): the controls
 * are made per control call and log lines per request, the index is not.
 *
 * @example operationsOf(model).get('nwappLogin')?.api.name // 'nwapp'
 */
export function operationsOf(model: SpecModel): ReadonlyMap<string, { api: Api; op: Operation }> {
  let found = OPERATIONS.get(model)
  if (!found) {
    found = new Map(model.apis.flatMap((api) => api.operations.map((op) => [op.operationId, { api, op }] as const)))
    OPERATIONS.set(model, found)
  }
  return found
}
