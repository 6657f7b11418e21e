import type { CliServices } from '../cli-services';
import type { CliIo } from '../cli-io';

/**
 * xrcl runs once per command, so a password it is given must outlive the process: it turns on
 * "Remember passwords" for this data folder (encrypted with a key file only you can read, the
 * same store the web host uses) and says so once.
 */
export async function rememberPasswords(cli: CliServices, io: CliIo): Promise<void> {
  const settings = await cli.call('settings.get');
  if (settings.persistSecretsInWebHost) return;
  await cli.call('settings.update', { persistSecretsInWebHost: true });
  io.stderr(
    `Passwords given to xrcl are remembered, encrypted with a key file only you can read (${cli.dataDir}). ` +
      'Turn this off in the app (Settings, Remember passwords) to forget them all.\n',
  );
}
