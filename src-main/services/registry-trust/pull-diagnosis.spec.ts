// Docker 20.10's own messages (as printed by `docker pull` on the practice router's daemon).
import { describe, expect, it } from 'vitest';
import { diagnose, failureCode } from './pull-diagnosis';

const ctx = { hostPort: 'registry.xrcl.test:40123', target: 'ncs5508', command: 'docker pull registry.xrcl.test:40123/xrcl/busybox:1', registry: 'lab' };

describe('diagnosing a failed pull on the router', () => {
  it('names the fix for each known failure', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['Error response from daemon: Get "https://198.18.0.1:5000/v2/": http: server gave HTTP response to HTTPS client', 'REGISTRY_HTTP_ONLY', /--insecure-registry registry\.xrcl\.test:40123.*service docker restart/],
      ['Error response from daemon: Get "https://registry.xrcl.test:40123/v2/": x509: certificate signed by unknown authority', 'REGISTRY_CA_UNTRUSTED', /certs\.d\/registry\.xrcl\.test:40123\/ca\.crt/],
      ['Error response from daemon: Get "https://registry.xrcl.test:40123/v2/": x509: certificate is valid for other.xrcl.test, not registry.xrcl.test', 'REGISTRY_CERT_NAME', /SANs/],
      ['Error response from daemon: Get "https://registry.xrcl.test:40123/v2/": dial tcp: lookup registry.xrcl.test on 127.0.0.11:53: no such host', 'REGISTRY_NAME_UNKNOWN', /global-vrf\/hosts/],
      ['Error response from daemon: Get "https://registry.xrcl.test:40123/v2/": dial tcp: lookup registry.xrcl.test on [::1]:53: read udp [::1]:41234->[::1]:53: read: connection refused', 'REGISTRY_NAME_UNKNOWN', /global-vrf\/hosts/],
      ['Error response from daemon: Get "https://198.18.0.1:5000/v2/": dial tcp 198.18.0.1:5000: connect: connection refused', 'REGISTRY_UNREACHABLE', /update-source/],
      ['Error response from daemon: Head "https://r:1/v2/x/manifests/1": no basic auth credentials', 'REGISTRY_LOGIN_NEEDED', /xrcl registry login lab --target ncs5508/],
      ['Error response from daemon: manifest for r:1/x:1 not found: manifest unknown: manifest unknown', 'IMAGE_NOT_FOUND', /push the image/],
    ];
    for (const [output, code, fix] of cases) {
      const e = diagnose(output, ctx);
      expect(e.code, output).toBe(code);
      expect(e.fix, output).toMatch(fix);
      expect(e.detail).toBe(output);
    }
  });

  it('says which names a certificate for the wrong name holds', () => {
    const e = diagnose('x509: certificate is valid for other.xrcl.test, not registry.xrcl.test', ctx);
    expect(e.message).toContain('valid for other.xrcl.test, not registry.xrcl.test');
  });

  it('keeps Docker\'s words for a failure it does not know', () => {
    expect(failureCode('something odd')).toBeNull();
    expect(diagnose('something odd', ctx)).toMatchObject({ code: 'PULL_FAILED', detail: 'something odd' });
  });
});
