import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  test('defaults: port 4000, embedded database in ./.relata/data, generated secret', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: './.relata/data',
      secret: null,
      production: false,
    });
  });

  test('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db:5432/relata',
      RELATA_DATA_DIR: '/var/lib/relata',
      RELATA_SECRET: 's'.repeat(32),
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: 'postgres://u@db:5432/relata' });
    expect(config.production).toBe(true);
  });

  test('an empty DATABASE_URL means the embedded database', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
  });

  test.each([
    [{ PORT: 'http' }, 'Invalid PORT'],
    [{ PORT: '70000' }, 'Invalid PORT'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Invalid DATABASE_URL'],
    [{ RELATA_SECRET: 'short' }, 'Invalid RELATA_SECRET'],
  ])('%o is refused naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
