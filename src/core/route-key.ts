import { trimTrailingSlashes } from './trim-trailing-slashes.js'

/** "/a/{id}/" and "/a/{x}" are the same route: trailing slashes are optional (api-docs README, Akinon). */
export function routeKey(path: string): string {
  return trimTrailingSlashes(path.replace(/\{[^}]+\}/g, '{}'))
}
