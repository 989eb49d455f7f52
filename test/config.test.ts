import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

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
});
