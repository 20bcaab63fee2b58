import { stat } from 'node:fs/promises';
import path from 'node:path';

/** The nearest folder on the way up from `folder` that exists (the root at worst), and whether it is a folder. */
export async function nearestExisting(folder: string): Promise<{ path: string; isFolder: boolean }> {
  let current = path.resolve(folder);
  for (;;) {
    try {
      const found = await stat(current);
      return { path: current, isFolder: found.isDirectory() };
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return { path: current, isFolder: true };
      current = parent;
    }
  }
}
