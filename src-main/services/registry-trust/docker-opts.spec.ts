import { describe, expect, it } from 'vitest';
import { insecureRegistriesIn, withInsecureRegistry } from './docker-opts';

const STOCK = `# Extra options for the docker daemon.
#   DOCKER_OPTS=" --insecure-registry host1:5000"

DOCKER_OPTS=""
`;

describe('DOCKER_OPTS in /etc/sysconfig/docker', () => {
  it('adds the flag with its leading space to the stock empty value, keeping the comments', () => {
    const r = withInsecureRegistry(STOCK, '198.18.0.1:5000');
    expect(r.changed).toBe(true);
    expect(r.text).toBe(STOCK.replace('DOCKER_OPTS=""', 'DOCKER_OPTS=" --insecure-registry 198.18.0.1:5000"'));
    expect(insecureRegistriesIn(r.text)).toEqual(['198.18.0.1:5000']);
  });

  it('keeps other flags, and restores the leading space a hand edit lost', () => {
    const r = withInsecureRegistry('DOCKER_OPTS="--debug  "\n', 'reg.example.com:443');
    expect(r.text).toBe('DOCKER_OPTS=" --debug --insecure-registry reg.example.com:443"\n');
    const again = withInsecureRegistry(r.text, '198.18.0.1:5000');
    expect(again.text).toBe('DOCKER_OPTS=" --debug --insecure-registry reg.example.com:443 --insecure-registry 198.18.0.1:5000"\n');
  });

  it('is idempotent, and ignores commented-out examples', () => {
    const once = withInsecureRegistry(STOCK, 'host1:5000');
    expect(once.changed).toBe(true);
    expect(withInsecureRegistry(once.text, 'host1:5000')).toEqual({ text: once.text, changed: false });
  });

  it('reads += lines and = lines that replace earlier ones, as bash would', () => {
    expect(insecureRegistriesIn('DOCKER_OPTS=" --insecure-registry a:1"\nDOCKER_OPTS+=" --insecure-registry=b:2"\n')).toEqual(['a:1', 'b:2']);
    expect(insecureRegistriesIn('DOCKER_OPTS=" --insecure-registry a:1"\nDOCKER_OPTS=" --debug"\n')).toEqual([]);
    expect(withInsecureRegistry('DOCKER_OPTS+=" --insecure-registry a:1"\n', 'a:1').changed).toBe(false);
  });

  it('appends a += line when the value it would edit holds expansions or single quotes', () => {
    const r = withInsecureRegistry(`DOCKER_OPTS="$EXTRA --debug"`, 'a:1');
    expect(r.text).toBe(`DOCKER_OPTS="$EXTRA --debug"\nDOCKER_OPTS+=" --insecure-registry a:1"\n`);
    expect(withInsecureRegistry('', 'a:1').text).toBe('DOCKER_OPTS=" --insecure-registry a:1"\n');
  });
});
