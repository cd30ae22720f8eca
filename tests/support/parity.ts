/** Helpers shared by the parity tests: arguments of the snapshot command, hostile HTTP answers. */
import path from 'node:path';
import type { ServerResponse } from 'node:http';

/** `--content <dir>/content --store <dir>/store`: a temporary knowledge base and snapshot store. */
export const storeArgs = (dir: string) => ['--content', path.join(dir, 'content'), '--store', path.join(dir, 'store')];

/** Streams `megabytes` MiB of `fill` as fast as the client reads: the client must stop long before the end. */
export function streamMegabytes(response: ServerResponse, megabytes: number, fill: string): void {
  const chunk = Buffer.alloc(1024 * 1024, fill);
  let sent = 0;
  const pump = () => {
    while (sent < megabytes && response.write(chunk)) sent++;
    if (sent >= megabytes) response.end();
    else response.once('drain', pump);
  };
  pump();
}
