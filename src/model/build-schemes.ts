import { AuthmockError } from '../core/errors.js'
import { pointer, type DocumentShape } from './document-shape.js'
import type { ModelValidators } from './model-validators.js'
import type { CredentialKind, SecurityScheme } from './spec-model.js'
import type { SchemeDeclaration } from './x-authmock-schema.js'

/** A security scheme with its failures still declared: each operation resolves them against its own examples. */
export interface SchemeEntry { scheme: SecurityScheme; failures: SchemeDeclaration['failures']; at: string }

/**
 * The document's security schemes with their x-authmock checked: where the
 * value is read (bearer, an apiKey header, cookie or query, or a CSRF
 * double-submit), the credential kind it must be, cookie renames applied.
 *
 * @example buildSchemes(doc, credentials, { sessionid: 'osessionid' }, createAjvValidators())
 */
export function buildSchemes(doc: DocumentShape, credentials: Record<string, CredentialKind>, cookieNames: Record<string, string>, validators: ModelValidators): Map<string, SchemeEntry> {
  const cookie = (name: string): string => cookieNames[name] ?? name
  const out = new Map<string, SchemeEntry>()
  for (const [name, s] of Object.entries(doc.components?.securitySchemes ?? {})) {
    const at = pointer('components', 'securitySchemes', name, 'x-authmock')
    const ext = validators.checkExtension('scheme', s['x-authmock'], at)
    if (ext.credential !== undefined && !(ext.credential in credentials)) {
      throw new AuthmockError('ERR_SPEC_UNKNOWN_CREDENTIAL', { at, kind: ext.credential })
    }
    let where: SecurityScheme['in']
    let param: string
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') {
      where = 'bearer'
      param = 'authorization'
    } else if (s.type === 'apiKey' && (s.in === 'header' || s.in === 'cookie' || s.in === 'query') && s.name) {
      where = ext.csrf ? 'csrf' : s.in
      param = s.in === 'header' ? s.name.toLowerCase() : s.in === 'cookie' ? cookie(s.name) : s.name
    } else {
      throw new AuthmockError('ERR_SPEC_EXTENSION', {
        at: pointer('components', 'securitySchemes', name),
        detail: `type ${s.type}${s.scheme ? ` (${s.scheme})` : ''} is not supported; use http bearer or apiKey in header, cookie or query`,
      })
    }
    out.set(name, {
      scheme: { name, in: where, param, prefix: ext.prefix, credential: ext.credential, csrfCookie: ext.csrf && cookie(ext.csrf.cookie) },
      failures: ext.failures,
      at,
    })
  }
  return out
}
