import type { OperationBase, Operation, Recipe } from './spec-model.js'
import type { OperationDeclaration, RecipeDeclaration } from './x-authmock-schema.js'

/**
 * The keys only some actions use, unset. Every operation gets all of them in
 * this order whatever its action, so every Operation object has one shape and
 * the engine's reads of it stay monomorphic; the types still say which action
 * has which (spec-model.ts, Operation).
 */
const NO_ACTION_FIELDS = { match: undefined, issue: undefined, from: undefined, kind: undefined, unique: undefined, fields: undefined, idField: undefined }

/**
 * Completes an operation with its action (docs/spec-extensions.md, "Actions"):
 * the declaration's union tells each action's needs apart (the schema made them
 * required), so each variant of Operation is built from exactly what it needs.
 *
 * @example buildAction({ ...common }, { action: 'logout', respond: { status: 204 } }, compile)
 */
export function buildAction(
  common: Omit<OperationBase, 'rejected'>,
  ext: OperationDeclaration,
  recipe: (declaration: RecipeDeclaration, where: string) => Recipe,
): Operation {
  const base = { ...common, ...NO_ACTION_FIELDS }
  switch (ext.action) {
    case undefined:
    case 'respond':
      return { ...base, action: 'respond', rejected: ext.rejected && recipe(ext.rejected, 'rejected') }
    case 'issue':
      return { ...base, action: 'issue', rejected: ext.rejected && recipe(ext.rejected, 'rejected'), issue: ext.issue }
    case 'login':
      return { ...base, action: 'login', rejected: recipe(ext.rejected, 'rejected'), match: Object.entries(ext.match), issue: ext.issue }
    case 'logout':
      return { ...base, action: 'logout', rejected: ext.rejected && recipe(ext.rejected, 'rejected') }
    case 'revoke-account':
      return { ...base, action: 'revoke-account', rejected: ext.rejected && recipe(ext.rejected, 'rejected'), match: Object.entries(ext.match) }
    case 'refresh':
      return { ...base, action: 'refresh', rejected: recipe(ext.rejected, 'rejected'), from: ext.from, kind: ext.kind, issue: ext.issue }
    case 'register':
      return {
        ...base, action: 'register', rejected: recipe(ext.rejected, 'rejected'),
        unique: ext.unique, fields: ext.fields, idField: ext.idField, issue: ext.issue,
      }
  }
}
