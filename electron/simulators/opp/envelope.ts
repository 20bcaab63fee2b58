import { randomBytes } from 'node:crypto';

/**
 * What every OPP answer carries beside its result: `buildNumber`,
 * `timestamp` (`yyyy-MM-dd HH:mm:ss.SSS+0000`, as ACI's examples) and `ndc`
 * (the entity id, an underscore and a 32-hex token), and the id form every
 * OPP object has: 32 lowercase hex characters.
 */

export const BUILD_NUMBER = 'kassa-opp-simulator@1';

export function oppTimestamp(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '+0000');
}

export function newHexId(): string {
  return randomBytes(16).toString('hex');
}

export function newNdc(entityId: string): string {
  return `${entityId}_${newHexId()}`;
}
