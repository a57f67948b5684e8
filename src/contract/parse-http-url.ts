import { AuthmockError } from '../core/errors.js'

/**
 * A flag's value as an http(s) URL, or ERR_VERIFY_BASE_URL naming the flag.
 *
 * @example parseHttpUrl('--target', 'https://staging.example.com')
 */
export function parseHttpUrl(flag: string, value: string): URL {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new AuthmockError('ERR_VERIFY_BASE_URL', { flag, url: value })
  return url
}
