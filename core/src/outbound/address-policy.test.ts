import { describe, expect, test } from 'vitest';
import { judgeAddress } from './address-policy';

describe('judgeAddress', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'private'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'private'],
    ['100.100.100.200', 'private'],
    ['169.254.169.254', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'private'],
    ['224.0.0.1', 'private'],
    ['255.255.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
  ])('IPv4 %s is %s', (address, verdict) => {
    expect(judgeAddress(address)).toBe(verdict);
  });

  test.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'private'],
    ['::127.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:1::', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1', 'private'],
    ['ff02::1', 'private'],
    ['2001:db8::1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('IPv6 %s is %s', (address, verdict) => {
    expect(judgeAddress(address)).toBe(verdict);
  });

  test('what is not an address is refused', () => {
    expect(judgeAddress('localhost')).toBe('private');
    expect(judgeAddress('[::1]')).toBe('private');
    expect(judgeAddress('')).toBe('private');
  });
});
