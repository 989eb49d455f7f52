import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('documents a default for every setting', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', NEO4J_USER: 'neo4j', NEO4J_DATABASE: 'neo4j', NEO4J_HEAP: '512m', LOG_LEVEL: 'info', SEED_ON_EMPTY: true });
    expect(config.NEO4J_URI).toBeUndefined();
  });

  it('takes the joint-check threshold of resumption applications, 100 unless told', () => {
    expect(loadConfig({}).JOINT_CHECK_THRESHOLD).toBe(100);
    expect(loadConfig({ JOINT_CHECK_THRESHOLD: '50' }).JOINT_CHECK_THRESHOLD).toBe(50);
    expect(() => loadConfig({ JOINT_CHECK_THRESHOLD: 'many' })).toThrow(/JOINT_CHECK_THRESHOLD/);
  });

  it('stops on a bad value with a message naming the variable and its value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474', NEO4J_PASSWORD: 'x' })).toThrow(/NEO4J_URI=.*Bolt URI/);
    expect(() => loadConfig({ NEO4J_HEAP: 'lots' })).toThrow(/NEO4J_HEAP/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('needs a password with an external Neo4j, and treats empty variables as unset', () => {
    expect(() => loadConfig({ NEO4J_URI: 'bolt://db:7687' })).toThrow(/NEO4J_PASSWORD: required when NEO4J_URI is set/);
    expect(loadConfig({ NEO4J_URI: '', PORT: '' }).PORT).toBe(4000);
    expect(loadConfig({ NEO4J_URI: 'neo4j://db:7687', NEO4J_PASSWORD: 's' }).NEO4J_URI).toBe('neo4j://db:7687');
  });

  it('keeps the inboxes in the process unless REDIS_URL names a Redis, whose value (it may hold a password) is never shown', () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).REDIS_URL).toBe('rediss://:pw@cache.internal:6380/2');
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'http://:hunter2-secret@cache:6379' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('REDIS_URL (value not shown): a Redis URL such as redis://localhost:6379');
    expect(message).not.toContain('hunter2-secret');
  });

  it('serves metrics at /metrics unless moved or turned off, never on a path the API already answers', () => {
    expect(loadConfig({})).toMatchObject({ METRICS_ENABLED: true, METRICS_PATH: '/metrics' });
    expect(loadConfig({ METRICS_ENABLED: 'false' }).METRICS_ENABLED).toBe(false);
    expect(loadConfig({ METRICS_PATH: '/internal/metrics' }).METRICS_PATH).toBe('/internal/metrics');
    expect(() => loadConfig({ METRICS_PATH: 'metrics' })).toThrow(/METRICS_PATH="metrics": a path such as \/metrics/);
    expect(() => loadConfig({ METRICS_PATH: '/graphql' })).toThrow(/METRICS_PATH="\/graphql": a path of its own/);
    expect(() => loadConfig({ METRICS_ENABLED: 'yes' })).toThrow(/METRICS_ENABLED/);
  });

  it('lists every variable in the README\'s configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Security'));
    for (const name of Object.keys(configSchema.shape)) expect(table, name).toContain(`\`${name}\``);
  });

  it('bounds requests by default', () => {
    expect(loadConfig({})).toMatchObject({
      GRAPHQL_MAX_STRING_LENGTH: 10000,
      HTTP_MAX_BODY_BYTES: 10 * 1024 * 1024,
      RATE_LIMIT_PER_USER_PER_MINUTE: 6000,
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: 12000,
      SUBSCRIPTIONS_PER_USER_MAX: 10,
      OPERATOR_AGENCIES: [],
    });
    expect(loadConfig({ OPERATOR_AGENCIES: 'agency-ops,agency-it' }).OPERATOR_AGENCIES).toEqual(['agency-ops', 'agency-it']);
    expect(() => loadConfig({ OPERATOR_AGENCIES: 'agency ops' })).toThrow(/OPERATOR_AGENCIES="agency ops": agency ids separated by commas/);
  });
});
