// Writes schema/authmock.config.schema.json (the config file's schema, for
// editors) from the option table. Run after changing an option of serve:
//   npx tsx scripts/write-config-schema.ts
// tests/config-file.test.ts fails while the committed file is stale.
import { writeFileSync } from 'node:fs'
import { CONFIG_SCHEMA_FILE, configFileSchema } from '../src/config/config-file-schema.js'

writeFileSync(CONFIG_SCHEMA_FILE, `${JSON.stringify(configFileSchema(), null, 2)}\n`)
process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE}\n`)
