import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, enrolmentCodeHash, newEnrolmentCode } from './enrolment-code.ts';
import { sha256Hex } from './secret-hashes.ts';

describe('enrolment codes', () => {
  it('are four groups of four from an alphabet without look-alikes', () => {
    expect(CODE_ALPHABET).not.toMatch(/[IO01]/);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    const codes = Array.from({ length: 200 }, () => newEnrolmentCode().code);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are kept as the hash of the bare code, however IT types it', () => {
    const { code, codeHash } = newEnrolmentCode();
    expect(codeHash).toBe(sha256Hex(code.replaceAll('-', '')));
    expect(enrolmentCodeHash(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(codeHash);
  });
});
