/**
 * IT's commands, answered by the installed app itself without opening a
 * window: `kassa doctor`, `kassa support-bundle`, `kassa config`, … An
 * installed till has no Node to run the command line with (the run-as-Node
 * fuse is off), so the app's own entry takes them: the same code as
 * `npm run kassa -- <command>`, through Electron's bundled Node.
 */

/** The commands a till's own binary answers; running a till, a simulator or a payment stays with the full command line. */
export const APP_COMMANDS: ReadonlySet<string> = new Set([
  'doctor',
  'support-bundle',
  'config',
  'status',
  'recover',
  'print-test',
  'hash-pin',
  'help',
]);

/**
 * The command and its arguments, when the app was started as a command.
 * Electron's argv is `[binary, ...args]` packaged and `[electron, appPath,
 * ...args]` in development; Chromium switches may come first.
 */
export function appCommand(argv: readonly string[], isPackaged: boolean): string[] | undefined {
  const args = argv.slice(isPackaged ? 1 : 2);
  const at = args.findIndex((arg) => !arg.startsWith('-'));
  const name = at === -1 ? undefined : args[at];
  return name !== undefined && APP_COMMANDS.has(name) ? args.slice(at) : undefined;
}

/**
 * What an installed till's own binary will not do, with the words it answers
 * instead. Opening the cash drawer is a manager's act with a reason in the
 * audit log; a command run on the till by whoever has a shell would skip
 * both, so `print-test --drawer` stays with the full command line (a
 * checkout, a lab) and an installed till opens its drawer from the till (F6).
 */
export function refusedAppCommand(args: readonly string[]): string | undefined {
  if (args[0] === 'print-test' && args.some((arg) => arg === '--drawer' || arg.startsWith('--drawer='))) {
    return (
      'kassa print-test --drawer is not available on an installed till: the cash drawer opens from the till, ' +
      'by a manager with a reason that goes in the audit log (Receipts & drawer, F6). ' +
      'Run kassa print-test without --drawer to print a test page.'
    );
  }
  return undefined;
}
