import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, configField, describeConfig, redactConfig, resolveConfig } from '../src/index.js';

const def = {
  name: 'acme',
  configSchema: z.object({
    domain: configField(z.string().min(1), { description: 'the domain', envAliases: ['BATON_DOMAIN'] }),
    apiToken: configField(z.string().min(1), { description: 'the token', secret: true }),
    syncAll: configField(z.boolean().default(false), { description: 'sync all' }),
    pageSize: configField(z.number().int().optional(), { description: 'page size' }),
  }),
};

describe('config from a connector schema', () => {
  it('yields flags and env vars', () => {
    const fields = describeConfig(def);
    expect(fields.map((f) => [f.flag, f.env[0], f.kind, f.required])).toEqual([
      ['--domain', 'GATEHOUSE_ACME_DOMAIN', 'string', true],
      ['--api-token', 'GATEHOUSE_ACME_API_TOKEN', 'string', true],
      ['--sync-all', 'GATEHOUSE_ACME_SYNC_ALL', 'boolean', false],
      ['--page-size', 'GATEHOUSE_ACME_PAGE_SIZE', 'number', false],
    ]);
    expect(fields[0]!.env).toContain('BATON_DOMAIN');
  });

  it('takes flags first, then env vars and their aliases, coercing types', () => {
    const config = resolveConfig(def, { apiToken: 't' }, { BATON_DOMAIN: 'a.example', GATEHOUSE_ACME_SYNC_ALL: 'true', GATEHOUSE_ACME_PAGE_SIZE: '50' });
    expect(config).toEqual({ domain: 'a.example', apiToken: 't', syncAll: true, pageSize: 50 });
    expect(resolveConfig(def, { domain: 'flag.example', apiToken: 't' }, { GATEHOUSE_ACME_DOMAIN: 'env.example' }).domain).toBe('flag.example');
  });

  it('reports every problem at once, naming flag and env var, never echoing secrets', () => {
    let error: unknown;
    try {
      resolveConfig(def, { syncAll: 'maybe' as unknown as string }, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('--sync-all: expected true or false');
    try {
      resolveConfig(def, {}, { GATEHOUSE_ACME_PAGE_SIZE: 'ten' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain('--page-size: expected a number');
    try {
      resolveConfig(def, {}, {});
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain('missing --domain (env GATEHOUSE_ACME_DOMAIN)');
    expect(String(error)).toContain('missing --api-token (env GATEHOUSE_ACME_API_TOKEN)');
  });

  it('redacts secret fields', () => {
    expect(redactConfig(def as never, { domain: 'd', apiToken: 'secret' })).toEqual({ domain: 'd', apiToken: '[set]' });
  });
});
