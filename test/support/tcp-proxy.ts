import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay to a dependency (PostgreSQL, Redis) that a test can cut and restore: cutting
 * drops every open connection and refuses new ones, as a dependency that went down would.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port (if cut). */
  async restore(): Promise<void> {
    if (!this.server) await this.start();
  }

  /** `url` with its port replaced by this relay's. */
  via(url: string): string {
    const parsed = new URL(url);
    parsed.port = String(this.port);
    return parsed.toString().replace(/\/$/, '');
  }
}
