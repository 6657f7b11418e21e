import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { assertPortFree, findPortHolder, listeningInodes } from './port-holder';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1388 0100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 100 0 0 10 0
   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0
`;

describe('port holder', () => {
  let server: Server;
  afterAll(() => server?.close());

  it('reads listening sockets for a port from the kernel table, not established ones', () => {
    expect(listeningInodes([TABLE], 5000)).toEqual(['4242']);
    expect(listeningInodes([TABLE], 22)).toEqual(['99']);
    expect(listeningInodes([TABLE], 8080)).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('names this very process as the holder of a port it listens on', async () => {
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const holder = findPortHolder(port);
    expect(holder?.pid).toBe(process.pid);
    expect(holder?.command).toContain('node');
    await expect(assertPortFree('127.0.0.1', port)).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: expect.stringContaining(`process ${process.pid}`),
    });
  });
});
