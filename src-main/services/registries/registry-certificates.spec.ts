import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRegistryCertificates, writeCertificates } from './registry-certificates';

describe('registry certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xrcl-certs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a CA and a server certificate whose SANs hold the name and the address', async () => {
    const certs = await makeRegistryCertificates({ registry: 'lab', hosts: ['registry.xrcl.test', '198.18.0.1', '127.0.0.1'] });
    const ca = new X509Certificate(certs.caPem);
    const cert = new X509Certificate(certs.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:registry.xrcl.test, IP Address:198.18.0.1, IP Address:127.0.0.1');
    expect(cert.checkHost('registry.xrcl.test')).toBe('registry.xrcl.test');
    expect(cert.checkIP('198.18.0.1')).toBe('198.18.0.1');
    expect(cert.checkHost('other.xrcl.test')).toBeUndefined();
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
    // Every PEM ends in a newline, so a chain file of two certificates stays readable by Go.
    for (const pem of Object.values(certs)) expect(pem.endsWith('-----\n')).toBe(true);
    // The key belongs to the certificate.
    expect(cert.checkPrivateKey(createPrivateKey(certs.keyPem))).toBe(true);
  });

  it('writes the private keys for their owner only', async () => {
    const certs = await makeRegistryCertificates({ registry: 'lab', hosts: ['127.0.0.1'] });
    const files = await writeCertificates(join(dir, 'certs'), certs);
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'certs', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(files.caFile).mode & 0o077).toBe(0o044);
  });
});
