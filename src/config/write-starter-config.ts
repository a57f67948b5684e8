import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AuthmockError } from '../core/errors.js'
import { CONFIG_SCHEMA_REF } from './config-file-schema.js'
import { CONFIG_FILE_NAMES } from './load-config-file.js'
import { DEFAULTS, type Config } from './resolve-config.js'

/** The keys a starter shows at their defaults: the ones most projects change first. The schema's descriptions cover the rest. */
const STARTER_KEYS = ['port', 'host', 'apis', 'tokenTtl', 'log'] as const satisfies ReadonlyArray<keyof Config>

/** The text of a starter `authmock.config.json`: `$schema` for editors, then a few keys at their defaults (DEFAULTS, from the option table). */
export function starterConfig(): string {
  const starter: Record<string, unknown> = { $schema: CONFIG_SCHEMA_REF }
  for (const key of STARTER_KEYS) starter[key] = DEFAULTS[key]
  return `${JSON.stringify(starter, null, 2)}\n`
}

/**
 * `authmock init`: writes a starter `authmock.config.json` in `dir`. JSON has
 * no comments, so each key's help is in the schema `$schema` points at
 * (editors show it on hover and complete the keys). An existing file is kept
 * unless `force`; an `.mjs`/`.js` config is kept even then (init writes JSON,
 * and two config files in one folder would be refused at the next start).
 *
 * @example writeStarterConfig(process.cwd(), false) // '/project/authmock.config.json'
 */
export function writeStarterConfig(dir: string, force: boolean): string {
  const [json, ...code] = CONFIG_FILE_NAMES
  const other = code.find((name) => existsSync(join(dir, name)))
  if (other !== undefined) throw new AuthmockError('ERR_CONFIG_EXISTS', { file: other, fix: ' (init writes authmock.config.json, and one folder holds one config file)' })
  const path = join(dir, json)
  try {
    // 'wx' fails if the file exists, in the same call that would write it: no window between a check and the write.
    writeFileSync(path, starterConfig(), { flag: force ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AuthmockError('ERR_CONFIG_EXISTS', { file: json, fix: ', or run "authmock init --force" to replace it with the starter' })
    throw error
  }
  return path
}
