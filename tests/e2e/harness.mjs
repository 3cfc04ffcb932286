// What every browser test starts with: the real samtal binary (the demo configuration, a
// data folder of its own, a free loopback port read from its "listening" line) and Debian's
// Chromium, headless.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const root = new URL('../..', import.meta.url).pathname;
const binary = process.env.SAMTAL_BINARY ?? join(root, 'build/test/samtal');
const config = join(root, 'config/samtal.example.toml');

export function launch_browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // The machine has no network: no background connections, no first-run work.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// Started, and stopped with SIGTERM by stop().
export async function start_service() {
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
