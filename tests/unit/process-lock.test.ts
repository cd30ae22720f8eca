/** Locks held by a running process (src/lib/process-lock.ts): taken, refused, taken over from the dead. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireLock, isRunning, LockHeldError, thisProcess } from '../../src/lib/process-lock.ts';

let folder: string;
let deadPid: number;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'paritybook-lock-'));
  // A pid that ran and is gone: a child that has exited and been reaped.
  deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
});
afterAll(() => rm(folder, { recursive: true, force: true }));

it('is held by this process until released, and refused meanwhile with the holder named', async () => {
  const file = path.join(folder, 'a.lock');
  const lock = await acquireLock(file);
  expect(lock.tookOverFrom).toBeUndefined();
  expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid });
  const refused = await acquireLock(file).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(LockHeldError);
  expect((refused as LockHeldError).holder.pid).toBe(process.pid);
  await lock.release();
  expect(existsSync(file)).toBe(false);
});

it('takes over the lock of a process that no longer runs, and says whose it was', async () => {
  const file = path.join(folder, 'b.lock');
  expect(isRunning(deadPid)).toBe(false);
  await writeFile(file, JSON.stringify({ pid: deadPid, since: '2026-11-27T10:00:00.000Z' }));
  const lock = await acquireLock(file);
  expect(lock.tookOverFrom).toEqual({ pid: deadPid, since: '2026-11-27T10:00:00.000Z' });
  await lock.release();
});

it('tells a reused pid apart by its start time, and reads the bare pid older versions wrote', async () => {
  const me = thisProcess();
  expect(isRunning(me.pid, me.startTicks)).toBe(true);
  expect(me.startTicks).toBeTypeOf('number');
  expect(isRunning(me.pid, me.startTicks! + 1)).toBe(false);
  const file = path.join(folder, 'c.lock');
  await writeFile(file, String(process.pid));
  await expect(acquireLock(file)).rejects.toBeInstanceOf(LockHeldError);
  await writeFile(file, String(deadPid));
  const lock = await acquireLock(file);
  expect(lock.tookOverFrom?.pid).toBe(deadPid);
  await lock.release();
});

it('leaves a lock alone on release once another process holds it', async () => {
  const file = path.join(folder, 'd.lock');
  const lock = await acquireLock(file);
  await writeFile(file, JSON.stringify({ pid: 1 }));
  await lock.release();
  expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ pid: 1 }));
});
