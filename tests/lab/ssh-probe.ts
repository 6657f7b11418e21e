// "Does this endpoint answer?": an SSH server answers once it sends its identification line;
// a docker daemon once GET /_ping on its socket says OK.
import { request } from 'node:http';
import { connect } from 'node:net';

export function sshBanner(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no SSH banner from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      const line = buf.split('\n').find((l) => l.startsWith('SSH-'));
      if (line) {
        clearTimeout(timer);
        sock.destroy();
        resolve(line.trim());
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export function dockerPing(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
