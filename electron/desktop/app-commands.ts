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
