import { describe, expect, test } from 'vitest';
import { mayReceive, maySubscribe, publishDenial, type Identity } from '../src/index.ts';

const gateway: Identity = { role: 'gateway', username: 'gw-hp001', building: 'hp001' };
const service: Identity = { role: 'service', username: 'ingest' };
const admin: Identity = { role: 'admin', username: 'ops' };
const visitor: Identity = { role: 'anonymous' };

describe('ACL rules', () => {
  test.each([
    [gateway, 'louyu/v1/hp001/energy/m1', null],
    [gateway, 'louyu/v1/hp001/status', null],
    [gateway, 'louyu/v1/hp0012/energy/m1', 'publish_acl'],
    [gateway, 'louyu/v1/hp002/energy/m1', 'publish_acl'],
    [gateway, 'louyu/v1/hp001', 'publish_acl'],
    [gateway, 'other/topic', 'publish_acl'],
    [gateway, '$SYS/x', 'read_only'],
    [service, 'louyu/v1/hp001/energy/m1', 'publish_acl'],
    [service, 'ops/notes', null],
    [admin, 'louyu/v1/hp002/energy/m1', null],
    [admin, '$SYS/x', 'read_only'],
    [visitor, 'louyu/v1/hp001/energy/m1', 'publish_acl'],
    [visitor, 'louyu', 'publish_acl'],
    [visitor, 'playground/x', null],
    [visitor, '$share/x', 'read_only'],
  ] as const)('%o publishing on %s: %s', (who, topic, expected) => {
    expect(publishDenial(who, topic)).toBe(expected);
  });

  test.each([
    [gateway, 'louyu/v1/hp001/cmd/#', true],
    [gateway, 'louyu/v1/hp001/#', true],
    [gateway, 'louyu/v1/#', false],
    [gateway, 'louyu/v1/+/cmd', false],
    [gateway, 'louyu/v1/hp0012/#', false],
    [gateway, '#', false],
    [gateway, '$SYS/#', false],
    [service, '#', true],
    [service, '$SYS/#', true],
    [admin, 'louyu/#', true],
    [visitor, 'louyu/v1/#', true],
    [visitor, 'louyu/+/hp001/#', true],
    [visitor, '#', true],
    [visitor, 'louyu/private/#', false],
    [visitor, 'elsewhere/#', true],
  ] as const)('%o subscribing to %s: %s', (who, filter, expected) => {
    expect(maySubscribe(who, filter)).toBe(expected);
  });

  test("a visitor's wide subscription only delivers what a visitor may read", () => {
    expect(mayReceive(visitor, 'louyu/v1/hp001/energy/m1')).toBe(true);
    expect(mayReceive(visitor, 'louyu/internal/x')).toBe(false);
    expect(mayReceive(visitor, 'playground/x')).toBe(true);
    expect(mayReceive(service, 'louyu/internal/x')).toBe(true);
  });
});
