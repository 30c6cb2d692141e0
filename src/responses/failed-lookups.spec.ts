import { clientKey } from './failed-lookups';

describe('whom a failed look-up counts against', () => {
  it('is the IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 of an IPv6 address, however it is written, so a guesser cannot rotate through its own network', () => {
    const key = clientKey('2001:db8:85a3:1::1');
    expect(clientKey('2001:0db8:85a3:0001:ffff:ffff:ffff:fffe')).toBe(key);
    expect(clientKey('2001:db8:85a3:1:abcd::')).toBe(key);
    expect(key).toBe('2001:db8:85a3:1::/64');
    expect(clientKey('2001:db8:85a3:2::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
