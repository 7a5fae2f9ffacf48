// Test helper: a loopback TCP port nothing listens on now (bound by the kernel's choice, then closed).
import net from 'node:net';

export async function freeLoopbackPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
