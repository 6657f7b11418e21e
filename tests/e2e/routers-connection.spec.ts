// "Test connection" in the browser against a real OpenSSH sshd: the key is shown before it is
// trusted, trusting it logs in, forgetting it asks again.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { RoutersPage } from './pages/routers-page';
import { createTestUser, sshdSkipReason, startSshd, type TestSshd, type TestUser } from '../integration/support/test-sshd';

const skip = sshdSkipReason();
test.skip(skip !== null, `needs a real sshd: ${skip}`);

let sshd: TestSshd;
let user: TestUser;
const PASSWORD = 'devbox pw';

test.beforeAll(async () => {
  sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
  user = createTestUser(PASSWORD);
});
test.afterAll(async () => {
  user?.remove();
  await sshd?.stop();
});

test('test connection shows the host key, trusts it when asked, and forgetting asks again', async ({ app, page, webHost }) => {
  const pub = join(webHost.dataDir, 'server.pub');
  writeFileSync(pub, `${sshd.hostPubs[0]}\n`);
  const fingerprint = execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1] as string;

  const routers = new RoutersPage(page);
  await app.go('Routers');
  await routers.add({ name: 'devbox', platform: 'devbox', host: '127.0.0.1', shellPort: String(sshd.port), user: user.name, password: PASSWORD });
  const card = routers.card('devbox');

  await card.getByRole('button', { name: 'Test connection to devbox' }).click();
  const result = card.getByTestId('connection-test-devbox');
  await expect(result).toContainText(`ED25519 ${fingerprint}`);
  await expect(result).toContainText('Host key not trusted yet');

  await result.getByRole('button', { name: 'Trust these keys and log in' }).click();
  await expect(result).toContainText(`login works as ${user.name}`);
  await expect(result).toContainText('Host key trusted');

  await card.getByRole('button', { name: 'Forget host keys of devbox' }).click();
  await expect(card.getByRole('status')).toContainText('Forgot 1 host key');
  await card.getByRole('button', { name: 'Test connection to devbox' }).click();
  await expect(card.getByTestId('connection-test-devbox')).toContainText('Host key not trusted yet');

  // The web host is shared by this worker's tests: leave its router list as it was.
  await card.getByRole('button', { name: 'Remove devbox' }).click();
  await card.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(card).toBeHidden();
});
