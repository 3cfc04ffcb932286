// Starts the real samtal binary for a browser test: the demo configuration, a data folder of
// its own, a free loopback port read from the "listening" line; stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function start_service(binary, config) {
  const data_dir = mkdtempSync(join(tmpdir(), 'samtal-e2e-'));
  const child = spawn(binary, ['serve', '--config', config, '--listen', '127.0.0.1:0', '--data-dir', data_dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const base_url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`samtal did not start:\n${log}`)), 20000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`samtal exited (${code}):\n${log}`)));
  });
  return {
    base_url,
    data_dir,
    log: () => log,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(data_dir, { recursive: true, force: true });
    },
  };
}
