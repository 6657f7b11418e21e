// The certificates of a TLS registry, made in-process (no openssl binary, so Windows works too):
// a small CA the router trusts (its ca.crt), and a server certificate signed by it whose SANs hold
// every name and address the registry is reached by. Docker 20.10 (Go 1.15+) ignores the CN, so
// a name missing from the SANs fails with "certificate is valid for …, not …".
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
type Key = KeyPair['privateKey'];
// Node's webcrypto is the standard Crypto; the cast bridges Node's and the DOM's type names.
x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface RegistryCertificates {
  caPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

export interface CertificateNames {
  /** The registry's name in the app, in the CA's subject. */
  registry: string;
  /** DNS names and IP addresses the certificate must be valid for. */
  hosts: string[];
  now?: Date;
  /** Validity in days (default 3 years: a lab certificate should not expire mid-course). */
  days?: number;
}

/** PEM with its final newline: Go's decoder (the registry, Docker) cannot read "-----END …----------BEGIN". */
const line = (pem: string): string => (pem.endsWith('\n') ? pem : `${pem}\n`);

async function keyPem(key: Key): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey);
  return line(x509.PemConverter.encode(der, 'PRIVATE KEY'));
}

/** A CA and a server certificate for `hosts`, ECDSA P-256. */
export async function makeRegistryCertificates(names: CertificateNames): Promise<RegistryCertificates> {
  const now = names.now ?? new Date();
  // A little in the past: a router whose clock lags must not see a "not yet valid" certificate.
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + (names.days ?? 3 * 365) * DAY);
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as unknown as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=XR Container Lab CA for ${names.registry.replace(/[,+="<>#;\\]/g, '')}`,
    keys: caKeys,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as unknown as KeyPair;
  const hosts = [...new Set(names.hosts.filter(Boolean))];
  const san = hosts.map((h) => ({ type: isIP(h) ? ('ip' as const) : ('dns' as const), value: h }));
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${hosts[0] ?? names.registry}`,
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(san),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return {
    caPem: line(ca.toString('pem')),
    caKeyPem: await keyPem(caKeys.privateKey),
    certPem: line(cert.toString('pem')),
    keyPem: await keyPem(keys.privateKey),
  };
}

export interface CertificateFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** Writes the certificates to `dir`; private keys are readable by their owner only. */
export async function writeCertificates(dir: string, certs: RegistryCertificates): Promise<CertificateFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'registry.crt'), keyFile: join(dir, 'registry.key') };
  const caKeyFile = join(dir, 'ca.key');
  await writeFile(files.caFile, certs.caPem, { mode: 0o644 });
  // The server certificate file holds the chain, as Distribution serves what it reads.
  await writeFile(files.certFile, certs.certPem + certs.caPem, { mode: 0o644 });
  for (const [file, pem] of [
    [files.keyFile, certs.keyPem],
    [caKeyFile, certs.caKeyPem],
  ] as const) {
    await writeFile(file, pem, { mode: 0o600 });
    // The mode on create is masked by umask and ignored for an existing file: set it outright.
    await chmod(file, 0o600);
  }
  return files;
}
