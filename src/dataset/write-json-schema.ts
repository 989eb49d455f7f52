/**
 * Writes schema/dataset.schema.json from the zod schemas in ./format.ts:
 *
 *     npx tsx src/dataset/write-json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { DATASET_JSON_SCHEMA_FILE, datasetJsonSchemaText } from './format.ts';

writeFileSync(DATASET_JSON_SCHEMA_FILE, datasetJsonSchemaText());
console.log(`wrote ${DATASET_JSON_SCHEMA_FILE}`);
