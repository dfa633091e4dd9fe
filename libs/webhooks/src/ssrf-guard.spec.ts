import type { LookupAddress } from 'node:dns';
import {
  checkWebhookUrl,
  forbiddenAddressReason,
  isForbiddenAddress,
  pinnedLookup,
  urlShapeProblem,
} from './ssrf-guard';

describe('forbiddenAddressReason', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.168.0.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:0:127.0.0.1',
    '::127.0.0.1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2002:7f00:1::1',
    '2002:c0a8:101::1',
    '100::1',
    '[::1]',
    'not-an-ip',
    '',
  ])('refuses %s', (ip) => {
    expect(forbiddenAddressReason(ip)).not.toBeNull();
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '169.253.255.255',
    '11.0.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2a00:1450:4001:80b::200e',
  ])('allows public %s', (ip) => {
    expect(forbiddenAddressReason(ip)).toBeNull();
  });

  it('names the range in the reason', () => {
    expect(forbiddenAddressReason('169.254.169.254')).toMatch(/metadata/);
    expect(forbiddenAddressReason('::ffff:127.0.0.1')).toBe('IPv4-mapped loopback address');
    expect(forbiddenAddressReason('100.64.0.1')).toMatch(/carrier-grade NAT/);
  });
});

describe('urlShapeProblem', () => {
  it.each([
    ['https://hooks.example.com/x', null],
    ['http://hooks.example.com:8080/x?y=1', null],
    ['ftp://example.com/', /scheme/],
    ['javascript:alert(1)', /scheme/],
    ['https://user@example.com/', /credentials/],
    ['https://:pw@example.com/', /credentials/],
    ['nonsense', /invalid URL/],
  ])('%s', (url, expected) => {
    const problem = urlShapeProblem(url);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('checkWebhookUrl', () => {
  it('checks literal IPs without DNS', async () => {
    const resolver = jest.fn();
    const r = await checkWebhookUrl('http://8.8.8.8/', { resolver });
    expect(r).toMatchObject({ ok: true, hostname: '8.8.8.8', addresses: [{ address: '8.8.8.8', family: 4 }] });
    expect(resolver).not.toHaveBeenCalled();
  });

  it('strips IPv6 brackets', async () => {
    const r = await checkWebhookUrl('http://[2606:4700:4700::1111]:8443/');
    expect(r).toMatchObject({ ok: true, hostname: '2606:4700:4700::1111', addresses: [{ family: 6 }] });
  });

  it('refuses a public-looking name resolving to a private address; allows it when configured', async () => {
    const resolver = async () => [{ address: '10.1.2.3', family: 4 as const }];
    expect(await checkWebhookUrl('https://intranet.example/', { resolver })).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(await checkWebhookUrl('https://intranet.example/', { resolver, allowPrivateNetworks: true })).toMatchObject({
      ok: true,
      addresses: [{ address: '10.1.2.3' }],
    });
  });

  it('refuses IPv4-mapped IPv6 answers', async () => {
    const resolver = async () => [{ address: '::ffff:169.254.169.254', family: 6 as const }];
    const r = await checkWebhookUrl('https://sneaky.example/', { resolver });
    expect(r).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('reports an empty DNS answer as unresolvable', async () => {
    const r = await checkWebhookUrl('https://empty.example/', { resolver: async () => [] });
    expect(r).toMatchObject({ ok: false, kind: 'unresolvable' });
  });
});

describe('pinnedLookup', () => {
  const pinned = pinnedLookup([
    { address: '203.0.113.5', family: 4 },
    { address: '2001:db8::5', family: 6 },
  ]);

  it('answers single-address lookups with the first pinned address, ignoring the hostname', (done) => {
    pinned('attacker-controlled.example', {}, (err, address, family) => {
      expect(err).toBeNull();
      expect(address).toBe('203.0.113.5');
      expect(family).toBe(4);
      done();
    });
  });

  it('answers all-address lookups (happy eyeballs) with every pinned address', (done) => {
    pinned('x', { all: true }, (err, addresses) => {
      expect(err).toBeNull();
      expect(addresses as unknown as LookupAddress[]).toEqual([
        { address: '203.0.113.5', family: 4 },
        { address: '2001:db8::5', family: 6 },
      ]);
      done();
    });
  });

  it('honours a family hint and fails cleanly when nothing matches', (done) => {
    const v4only = pinnedLookup([{ address: '203.0.113.5', family: 4 }]);
    v4only('x', { family: 6 }, (err) => {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
      done();
    });
  });
});
