import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOutboundRefusal, OutboundPolicy, OutboundRefusedError } from '../src/index.js';

const refusal = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a refusal').toBeInstanceOf(OutboundRefusedError);
  return (err as Error).message;
};

describe('OutboundPolicy: addresses', () => {
  const strict = OutboundPolicy.parse(undefined);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared address space'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.10.10', 'link-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['0.0.0.0', 'this host'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // The same addresses written as IPv6 that carries IPv4.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['2002:c0a8:0101::1', 'private'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(strict.refusalOf(address)).toContain(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets the public address %s through', (address) => {
    expect(strict.refusalOf(address)).toBeUndefined();
  });

  it('opens CIDRs and host names from GATEHOUSE_OUTBOUND_ALLOW', () => {
    const p = OutboundPolicy.fromEnv({ GATEHOUSE_OUTBOUND_ALLOW: ' 127.0.0.1/32, 10.20.0.0/16 ,hooks.internal, *.corp.example, fd00::5 ' });
    expect(p.entries).toEqual(['127.0.0.1/32', '10.20.0.0/16', 'hooks.internal', '*.corp.example', 'fd00::5']);
    expect(p.refusalOf('127.0.0.1')).toBeUndefined();
    expect(p.refusalOf('::ffff:127.0.0.1')).toBeUndefined();
    expect(p.refusalOf('127.0.0.2')).toContain('loopback');
    expect(p.refusalOf('10.20.3.4')).toBeUndefined();
    expect(p.refusalOf('10.21.0.1')).toContain('private');
    expect(p.refusalOf('fd00::5')).toBeUndefined();
    // An allowed name may resolve to private addresses (an internal receiver)...
    expect(p.refusalOf('192.168.7.7', 'hooks.internal')).toBeUndefined();
    expect(p.refusalOf('192.168.7.7', 'a.b.corp.example')).toBeUndefined();
    expect(p.refusalOf('192.168.7.7', 'corp.example')).toContain('private');
    expect(p.refusalOf('192.168.7.7', 'other.internal')).toContain('private');
    // ...but never to the metadata endpoint or link-local ones: only a CIDR opens those.
    expect(p.refusalOf('169.254.169.254', 'hooks.internal')).toContain('cloud metadata');
    expect(p.refusalOf('fe80::1', 'hooks.internal')).toContain('link-local');
    expect(OutboundPolicy.parse('169.254.169.254/32').refusalOf('169.254.169.254')).toBeUndefined();
  });

  it('refuses a malformed allow list at start, naming the entry', () => {
    expect(() => OutboundPolicy.parse('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
    expect(() => OutboundPolicy.parse('http://x')).toThrow(/"http:\/\/x" is neither a CIDR/);
  });
});

describe('OutboundPolicy: URLs when saved', () => {
  const strict = OutboundPolicy.parse('');
  const open = OutboundPolicy.parse('127.0.0.1/32,localhost');

  it('refuses other schemes, credentials, metadata, private and loopback hosts', async () => {
    expect(await refusal(strict.check('file:///etc/passwd'))).toMatch(/^file URLs are not allowed/);
    expect(await refusal(strict.check('gopher://8.8.8.8/'))).toMatch(/gopher URLs are not allowed/);
    expect(await refusal(strict.check('not a url'))).toBe('not a valid URL');
    expect(await refusal(strict.check('https://user:pw@8.8.8.8/'))).toMatch(/credentials/);
    expect(await refusal(strict.check('https://169.254.169.254/latest/meta-data/'))).toMatch(/cloud metadata/);
    expect(await refusal(strict.check('https://[fd00:ec2::254]/'))).toMatch(/cloud metadata/);
    expect(await refusal(strict.check('https://[::ffff:169.254.169.254]/'))).toMatch(/cloud metadata/);
    expect(await refusal(strict.check('https://10.0.0.8/hook'))).toMatch(/private/);
    expect(await refusal(strict.check('https://192.168.0.1/hook'))).toMatch(/private/);
    // WHATWG URL parsing turns other spellings of an IPv4 address into the dotted form first.
    expect(await refusal(strict.check('https://2130706433/'))).toMatch(/loopback/);
    expect(await refusal(strict.check('https://0x7f.1/'))).toMatch(/loopback/);
    // A name is resolved, and what it resolves to is checked.
    expect(await refusal(strict.check('https://localhost/'))).toMatch(/"localhost" resolves to a loopback address/);
  });

  it('allows https to public addresses, and http only to allowed hosts', async () => {
    expect((await strict.check('https://8.8.8.8/hook?x=1')).toString()).toBe('https://8.8.8.8/hook?x=1');
    expect(await refusal(strict.check('http://8.8.8.8/hook'))).toMatch(/only https URLs are allowed/);
    expect((await open.check('http://127.0.0.1:9/hook')).port).toBe('9');
    expect((await open.check('http://localhost:9/hook')).hostname).toBe('localhost');
    expect(await refusal(open.check('http://127.0.0.2:9/hook'))).toMatch(/loopback/);
  });

  it('says nothing that depends on the port', async () => {
    const a = await refusal(strict.check('https://127.0.0.1:22/'));
    const b = await refusal(strict.check('https://127.0.0.1:65000/'));
    expect(a).toBe(b);
  });
});

describe('OutboundPolicy: when connecting', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('connects to allowed addresses', async () => {
    const agent = OutboundPolicy.parse('127.0.0.1/32').dispatcher();
    const res = await request(`http://127.0.0.1:${port}/`, { dispatcher: agent });
    expect(await res.body.text()).toBe('ok');
    await agent.close();
  });

  it('refuses a refused address before a packet is sent, even when the URL was never checked (DNS rebinding)', async () => {
    const agent = OutboundPolicy.parse('').dispatcher();
    const before = connections;
    // A name that resolves to loopback at connect time, and the loopback address itself.
    for (const url of [`http://localhost:${port}/`, `https://localhost:${port}/`, `http://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      const err = await request(url, { dispatcher: agent }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isOutboundRefusal(err), url).toBe(true);
    }
    expect(connections).toBe(before);
    await agent.close();
  });

  it('the lookup drops refused addresses and fails when none is left', async () => {
    const lookup = OutboundPolicy.parse('').lookup();
    const err = await new Promise<unknown>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(OutboundRefusedError);
    const allowed = OutboundPolicy.parse('127.0.0.1/32').lookup();
    const found = await new Promise<unknown>((resolve, reject) => allowed('localhost', { all: true }, (e, a) => (e ? reject(e) : resolve(a))));
    expect(found).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect((found as { address: string }[]).every((a) => a.address === '127.0.0.1')).toBe(true);
  });

  it('an open and a closed internal port give the same answer', async () => {
    const agent = OutboundPolicy.parse('').dispatcher();
    const messages: string[] = [];
    for (const p of [port, 1]) {
      const err = await request(`https://127.0.0.1:${p}/`, { dispatcher: agent }).catch((e: Error) => e);
      messages.push((err as Error).message);
    }
    expect(messages[0]).toBe(messages[1]);
    await agent.close();
  });
});
