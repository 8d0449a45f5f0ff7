import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holderOf, realTimeLock, releaseSlot, takeSlot } from './real-time';

let folder: string;
beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'real-time-slot-')); });
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('a waiter reads the holder without writing into the lock, so the holder\'s release cannot fail', () => {
  const lock = join(folder, 'real-time.lock');
  // Just taken: the folder is there, its pid not yet written.
  mkdirSync(lock);
  expect(holderOf(lock)).toBe(0);
  expect(readdirSync(lock)).toEqual([]);
  writeFileSync(join(lock, 'pid'), '4242');
  expect(holderOf(lock)).toBe(4242);
  releaseSlot(lock);
  expect(existsSync(lock)).toBe(false);
  expect(readdirSync(folder)).toEqual([]);
});

test('releasing a slot that is already gone does nothing, and throws nothing', () => {
  const lock = join(folder, 'real-time.lock');
  expect(() => releaseSlot(lock)).not.toThrow();
  expect(holderOf(lock)).toBe(0);
  expect(readdirSync(folder)).toEqual([]);
});

test('the path is free for the next holder as soon as the release renamed it', () => {
  const lock = join(folder, 'real-time.lock');
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), '4242');
  releaseSlot(lock);
  expect(() => mkdirSync(lock)).not.toThrow();
});

test('taking the slot names this process; a second take while it is held throws', () => {
  const lock = realTimeLock(folder);
  takeSlot(lock);
  expect(holderOf(lock)).toBe(process.pid);
  expect(() => takeSlot(lock)).toThrow(/EEXIST/);
  releaseSlot(lock);
  expect(readdirSync(folder)).toEqual([]);
});
