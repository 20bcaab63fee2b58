import type { z } from 'zod';

/**
 * One line naming each problem by its path, e.g. `till.id: must be 1–16
 * letters, digits or dashes`. Zod's messages state what was expected, never
 * the value received, so the line is safe to log even for a request with a PIN.
 */
export function describeIssues(error: z.ZodError, wholeValue = '(value)'): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : wholeValue}: ${issue.message}`)
    .join('; ');
}
