import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_HTTP_LIMITS, DEFAULT_TEMPLATES_DIR, loadConfig } from './config';

describe('loadConfig', () => {
  test('defaults: port 4000, embedded database in ./.relata/data, generated secret, a worker of 10', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: './.relata/data',
      secret: null,
      production: false,
      limits: DEFAULT_HTTP_LIMITS,
      smtpUrl: null,
      mailFrom: 'Relata <no-reply@localhost>',
      publicUrl: null,
      trustProxy: null,
      recycleBinDays: 30,
      runRetentionDays: 30,
      cors: { origins: [], credentials: false },
      statementTimeoutMs: 15_000,
      worker: { enabled: true, concurrency: 10 },
      templatesDir: DEFAULT_TEMPLATES_DIR,
    });
  });

  test('RELATA_CORS_ORIGINS lists exact origins; RELATA_CORS_CREDENTIALS opts them in to cookies', () => {
    const env = { RELATA_CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,' };
    expect(loadConfig(env).cors).toEqual({
      origins: ['https://app.example.com', 'http://localhost:5173'],
      credentials: false,
    });
    expect(loadConfig({ ...env, RELATA_CORS_CREDENTIALS: 'true' }).cors.credentials).toBe(true);
  });

  test('RELATA_RECYCLE_BIN_DAYS sets how long deleted records stay restorable', () => {
    expect(loadConfig({ RELATA_RECYCLE_BIN_DAYS: '7' }).recycleBinDays).toBe(7);
  });

  test('limits and mail settings come from RELATA_* variables', () => {
    const config = loadConfig({
      RELATA_AUTH_LIMIT_PER_ACCOUNT: '3',
      RELATA_API_KEY_RATE_PER_MINUTE: '60',
      RELATA_SMTP_URL: 'smtp://mailer:secret@mail.test:2525',
    });
    expect(config.limits).toMatchObject({ authPerAccount: 3, authPerIp: 30, apiKeyPerMinute: 60 });
    expect(config.smtpUrl).toBe('smtp://mailer:secret@mail.test:2525');
    expect(loadConfig({ RELATA_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ RELATA_TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
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

  test('the statement timeout is 15 s unless set, 0 turns it off, and garbage is refused by name', () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(15_000);
    expect(loadConfig({ RELATA_STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    expect(() => loadConfig({ RELATA_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/RELATA_STATEMENT_TIMEOUT_MS/);
  });

  test('every node works the queue with 10 jobs at once unless RELATA_WORKER is off or the concurrency is set', () => {
    expect(loadConfig({}).worker).toEqual({ enabled: true, concurrency: 10 });
    expect(loadConfig({ RELATA_WORKER: 'off', RELATA_WORKER_CONCURRENCY: '3' }).worker).toEqual({
      enabled: false,
      concurrency: 3,
    });
  });

  test.each([
    [{ RELATA_WORKER: 'no' }, 'Invalid RELATA_WORKER'],
    [{ RELATA_WORKER_CONCURRENCY: '0' }, 'Invalid RELATA_WORKER_CONCURRENCY'],
    [{ RELATA_WORKER_CONCURRENCY: '500' }, 'Invalid RELATA_WORKER_CONCURRENCY'],
    [{ PORT: 'http' }, 'Invalid PORT'],
    [{ PORT: '70000' }, 'Invalid PORT'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Invalid DATABASE_URL'],
    [{ RELATA_SECRET: 'short' }, 'Invalid RELATA_SECRET'],
    [{ RELATA_AUTH_LIMIT_PER_IP: '0' }, 'Invalid RELATA_AUTH_LIMIT_PER_IP'],
    [{ RELATA_SMTP_URL: 'http://mail' }, 'Invalid RELATA_SMTP_URL'],
    [{ RELATA_RECYCLE_BIN_DAYS: '0' }, 'Invalid RELATA_RECYCLE_BIN_DAYS'],
    [{ RELATA_RECYCLE_BIN_DAYS: 'month' }, 'Invalid RELATA_RECYCLE_BIN_DAYS'],
    [{ RELATA_RECYCLE_BIN_DAYS: '99999' }, 'Invalid RELATA_RECYCLE_BIN_DAYS'],
    [{ RELATA_CORS_ORIGINS: '*' }, 'Invalid RELATA_CORS_ORIGINS: "*"'],
    [{ RELATA_CORS_ORIGINS: 'https://app.example.com/' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'https://app.example.com/studio' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'https://*.example.com' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'https://App.Example.com' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'https://app.example.com:443' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'app.example.com' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'null' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_ORIGINS: 'ftp://files.example.com' }, 'Invalid RELATA_CORS_ORIGINS'],
    [{ RELATA_CORS_CREDENTIALS: 'yes', RELATA_CORS_ORIGINS: 'https://a.example' }, 'Invalid RELATA_CORS_CREDENTIALS'],
    [{ RELATA_CORS_CREDENTIALS: 'true' }, 'Invalid RELATA_CORS_CREDENTIALS'],
  ])('%o is refused naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
