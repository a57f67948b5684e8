import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/**
 * Where `serve --https` and `proxy --https` keep their local CA and localhost certificate: the
 * user's cache folder, as each platform names it (XDG Base Directory
 * Specification on Linux and wherever XDG_CACHE_HOME is set; Library/Caches
 * on macOS; %LOCALAPPDATA% on Windows). A cache, not a config: deleting it
 * costs one new CA to trust, nothing else. XDG_CACHE_HOME also moves it for a
 * test or a CI job that must not share the user's.
 *
 * @example tlsCacheDir({ XDG_CACHE_HOME: '/tmp/c' }) // '/tmp/c/authmock/tls'
 */
export function tlsCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  // The XDG specification says a relative value is to be ignored.
  const xdg = env.XDG_CACHE_HOME
  if (xdg && isAbsolute(xdg)) return join(xdg, 'authmock', 'tls')
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'authmock', 'tls')
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'authmock', 'tls')
  return join(home, '.cache', 'authmock', 'tls')
}
