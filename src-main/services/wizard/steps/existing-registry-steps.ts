// The Guide's CA-signed registry path: the user's own registry (URL, login, and a CA file when a
// private CA signed it), checked from this computer with the login before it is kept (the
// password is asked through the prompt center and kept only in the secret store), then the
// router's Docker logged in to it with the password on docker login's standard input. The pull
// step that follows (registry-steps) pulls the image the user named.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../../src-shared/errors';
import type { Registry, RegistryAddInput, RegistryView } from '../../../../src-shared/types/registries';
import type { TrustResult } from '../../../../src-shared/types/router-registries';
import type { ImageGuide } from '../../image-guide/image-guide';
import type { TrustRequest } from '../../registry-trust/router-registry-service';
import type { TaskContext } from '../../tasks/task-manager';
import { guideTarget, type StepDefinition } from '../step-definition';

export interface ExistingRegistryStepDeps {
  registries: {
    /** Checks the registry from this computer (asking for the password when a user has none saved) and keeps it. */
    add(input: RegistryAddInput, password?: string): Promise<RegistryView>;
    get(name: string): Registry;
  };
  routerRegistries: {
    trustIn(req: TrustRequest, task: TaskContext): Promise<TrustResult>;
    loginIn(req: { name: string; target: string }, task: TaskContext): Promise<void>;
  };
  guide: Pick<ImageGuide, 'choices' | 'registry' | 'useRegistry'>;
}

/** The name the Guide keeps the user's registry under: its host, in the registry-name grammar. */
export function existingRegistryName(url: string): string {
  const host = new URL(url).hostname.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (host || 'my-registry').slice(0, 40).replace(/-+$/, '');
}

function registryOf(d: ExistingRegistryStepDeps): Registry {
  const name = d.guide.registry('existing');
  if (!name) throw new AppError('The Guide does not know your registry yet.', { code: 'REGISTRY_NEEDED', fix: 'Run "Your registry" first, with its URL and login.' });
  return d.registries.get(name);
}

export function existingRegistrySteps(d: ExistingRegistryStepDeps): StepDefinition[] {
  return [
    {
      id: 'registry-existing',
      paths: 'all',
      needsRouter: true,
      imagePaths: ['ca-registry'],
      title: 'Your registry',
      why:
        'A registry you already run, with a certificate from a known authority (or your own CA) and usually a login: give its URL and user; the password is asked for, never shown or written in plain text.\n' +
        'The app checks it from this computer with that login (GET /v2/) before keeping it.',
      manual: [
        { place: 'this computer', command: 'curl -u USER https://HOST:PORT/v2/', note: 'add --cacert CA.crt for a private CA; answers {} with the right login' },
      ],
      actionLabel: 'Check the registry',
      taskTitle: 'Check your registry',
      async run(ctx) {
        guideTarget(ctx);
        const c = d.guide.choices();
        if (!c.existingUrl) {
          return { verdict: 'failed', summary: "Your registry's URL has not been given yet.", fix: 'Give it above as https://HOST:PORT, with the user name if it needs a login; then check it.' };
        }
        let caPem: string | undefined;
        if (c.existingCaFile) {
          try {
            caPem = await readFile(c.existingCaFile, 'utf8');
          } catch (err) {
            throw new AppError(`The CA file ${c.existingCaFile} cannot be read.`, { code: 'BAD_INPUT', detail: String(err), fix: 'Give the full path of the PEM file of your CA, readable by you.' });
          }
          if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
            throw new AppError(`${c.existingCaFile} holds no PEM certificate.`, { code: 'BAD_INPUT', fix: 'Give the CA certificate in PEM form (it starts with -----BEGIN CERTIFICATE-----).' });
          }
        }
        const name = existingRegistryName(c.existingUrl);
        ctx.log(`# Checking ${c.existingUrl}/v2/ from this computer${c.existingUser ? ` as ${c.existingUser}` : ''}${caPem ? ', trusting your CA' : ''}.\r\n`);
        const view = await d.registries.add({ name, url: c.existingUrl, ...(c.existingUser ? { user: c.existingUser } : {}), ...(caPem ? { caPem } : {}) });
        d.guide.useRegistry('existing', view.name);
        return {
          verdict: 'done',
          summary: `${view.hostPort} answers${view.user ? ` to ${view.user}` : ''}; kept as ${view.name}${view.hasPassword ? ', its password in the secret store' : ''}.`,
        };
      },
    },
    {
      id: 'registry-login',
      paths: 'all',
      needsRouter: true,
      imagePaths: ['ca-registry'],
      title: "Log the router's Docker in",
      why:
        "The router's daemon keeps its own login: the app runs docker login there with the password on its standard input, so it is in no command line, history or log.\n" +
        "With a private CA, the CA goes to /etc/docker/certs.d/HOST:PORT/ca.crt first, as for a self-signed registry.",
      manual: [
        { place: 'XR shell', command: 'sudo -i' },
        { place: 'XR shell', command: 'vi /etc/docker/certs.d/HOST:PORT/ca.crt', note: 'only for a private CA' },
        { place: 'XR shell', command: 'docker login --username USER --password-stdin HOST:PORT', note: 'type the password, then Ctrl-D' },
      ],
      actionLabel: 'Log in',
      taskTitle: "Log the router's Docker in to your registry",
      async run(ctx) {
        const target = guideTarget(ctx);
        const registry = registryOf(d);
        if (registry.caPem) {
          const t = await d.routerRegistries.trustIn({ name: registry.name, target }, ctx);
          ctx.log(`# ${t.changed ? 'CA installed' : 'CA already in place'}: ${t.proof}\r\n`);
        }
        if (!registry.user) {
          return { verdict: 'done', summary: `${registry.hostPort} needs no login; nothing to do on ${target}${registry.caPem ? ' beyond its CA' : ''}.` };
        }
        await d.routerRegistries.loginIn({ name: registry.name, target }, ctx);
        return { verdict: 'done', summary: `The docker daemon on ${target} is logged in to ${registry.hostPort} as ${registry.user}.` };
      },
    },
  ];
}
