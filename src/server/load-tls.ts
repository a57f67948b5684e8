import { AuthmockError } from '../core/errors.js'
import type { Config } from '../config/resolve-config.js'
import type { TlsMaterial } from './tls-load-files.js'

/** What a command listens with over https, and the line its banner says about it. */
export interface LoadedTls extends TlsMaterial {
  /** Paths only (the certificate's file, or the local CA's and how to trust it): key material is never printed. */
  banner: string
}

/**
 * The key and certificate of `--https` / `--cert --key` for `serve` and
 * `proxy` alike, and the banner line about them; undefined for plain http.
 * One place, so both commands make, cache and name the same local CA (a
 * user trusts it once for either). --cert and --key imply --https; one
 * without the other is a mistake, not a reason to make a certificate.
 *
 * @example const tls = await loadTls(resolveConfig({ https: true })) // { key, cert, banner: 'TLS: a certificate for localhost, ...' }
 */
export async function loadTls(config: Pick<Config, 'https' | 'cert' | 'key' | 'host'>): Promise<LoadedTls | undefined> {
  if ((config.cert === undefined) !== (config.key === undefined)) {
    const [given, missing] = config.cert === undefined ? ['--key', '--cert'] : ['--cert', '--key']
    throw new AuthmockError('ERR_CONFIG_INVALID', { detail: `${given} without ${missing}: give both (the certificate and its private key), or neither and --https for a generated localhost certificate` })
  }
  if (config.cert !== undefined && config.key !== undefined) {
    const { tlsLoadFiles } = await import('./tls-load-files.js')
    return { ...tlsLoadFiles(config.cert, config.key), banner: `TLS: the certificate in ${config.cert}` }
  }
  if (!config.https) return undefined
  // Loaded only here: the X.509 builder is not needed by any other start.
  const [{ tlsLocalCertificate, LOCAL_NAMES }, { tlsCacheDir }] = await Promise.all([import('./tls-local-certificate.js'), import('./tls-cache-dir.js')])
  // --host names the certificate too when it is a name or address of its own (not a wildcard bind such as 0.0.0.0).
  const names = ['0.0.0.0', '::', ...LOCAL_NAMES].includes(config.host) ? LOCAL_NAMES : [...LOCAL_NAMES, config.host]
  const local = await tlsLocalCertificate(tlsCacheDir(), names)
  // Trusted once, the CA covers every later start's certificate too.
  const trust = `${local.made === 'ca' ? 'The CA is new: trust it once' : 'Trust that CA once'} (README, "HTTPS"), or give it to a client (curl --cacert, NODE_EXTRA_CA_CERTS).`
  return { key: local.key, cert: local.cert, banner: `TLS: a certificate for ${names.join(', ')}, signed by the local CA in ${local.caPath}\n${trust}` }
}
