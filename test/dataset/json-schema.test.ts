import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_JSON_SCHEMA_FILE, datasetJsonSchema, datasetJsonSchemaText } from '../../src/dataset/format.ts';

describe('schema/dataset.schema.json', () => {
  it('is up to date with the zod schemas', () => {
    const onDisk = readFileSync(DATASET_JSON_SCHEMA_FILE, 'utf8');
    expect(
      onDisk === datasetJsonSchemaText(),
      'schema/dataset.schema.json is stale: regenerate it with `npx tsx src/dataset/write-json-schema.ts`',
    ).toBe(true);
  });

  it('describes the input form: optional fields nullable and not required, records closed', () => {
    const schema = datasetJsonSchema() as {
      required: string[];
      properties: Record<string, { anyOf?: { items?: unknown }[]; items?: unknown }>;
    };
    expect(schema.required).toEqual(['regions']);
    const enterprise = schema.properties.enterprises!.anyOf![0]!.items as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { anyOf?: { type: string }[] }>;
    };
    expect(enterprise.required).toEqual(['id', 'name', 'region', 'status']);
    expect(enterprise.additionalProperties).toBe(false);
    expect(enterprise.properties.workforce!.anyOf!.map((s) => s.type)).toEqual(['integer', 'null']);
  });
});
