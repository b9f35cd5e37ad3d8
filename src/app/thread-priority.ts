/**
 * CPU priority of one thread. On Linux, `setpriority(PRIO_PROCESS, 0, n)` — `os.setPriority(n)` —
 * renices the calling THREAD only, not its process: an answering worker thread calling it lowers
 * its own priority and leaves the main thread (accepting, checking, storing, acknowledging) at
 * its own, so when the cores are short the main thread gets them first. Elsewhere (macOS, the
 * BSDs, Windows) the same call changes the whole process, main thread included: nothing is done
 * there.
 *
 * The niceness actually in force is read back from `/proc/thread-self/stat` (or a given thread's
 * `/proc/<pid>/task/<tid>/stat`), never assumed.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The highest niceness (lowest priority) Linux allows. */
export const MAX_NICE = 19;

export interface ThreadPriority {
  /** The kernel's id of the thread (Linux), as `ps -L` shows it. */
  tid?: number;
  /** Its niceness as read from /proc after the change; undefined where it cannot be read. */
  nice?: number;
  /** Why the niceness was not changed, if it was not. */
  unchanged?: string;
}

/** The fields of a /proc …/stat line after the command name: [0] is field 3 (state). */
function statFields(statPath: string): string[] | undefined {
  try {
    const line = readFileSync(statPath, 'utf8');
    return line.slice(line.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** A thread's niceness (field 19 of its stat line); the calling thread's when no id is given. */
export function threadNiceness(tid?: number, pid: number = process.pid): number | undefined {
  const fields = statFields(tid === undefined ? '/proc/thread-self/stat' : `/proc/${pid}/task/${tid}/stat`);
  const nice = Number(fields?.[16]);
  return fields && Number.isInteger(nice) ? nice : undefined;
}

/** The kernel's id of the calling thread (Linux), undefined elsewhere. */
export function currentThreadTid(): number | undefined {
  try {
    const tid = Number.parseInt(readFileSync('/proc/thread-self/stat', 'utf8'), 10);
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority by `increment` (its niceness + increment, at most 19), on
 * Linux only; never throws. Returns what is in force afterwards.
 */
export function lowerThreadPriority(increment: number, platform: NodeJS.Platform = process.platform): ThreadPriority {
  const tid = currentThreadTid();
  const result = (unchanged?: string): ThreadPriority => ({
    ...(tid === undefined ? {} : { tid }),
    ...(platform === 'linux' ? { nice: threadNiceness() } : {}),
    ...(unchanged ? { unchanged } : {}),
  });
  if (increment <= 0) return result('incrément nul');
  if (platform !== 'linux') return result(`priorité par fil non prise en charge sur ${platform}`);
  try {
    const target = Math.min(MAX_NICE, os.getPriority(0) + increment);
    os.setPriority(0, target);
    return result();
  } catch (error) {
    return result((error as Error).message);
  }
}

/**
 * Lowers the priority of a child process by `increment` (a child building the index). On Linux
 * this renices its main thread, and the threads it starts afterwards inherit it; elsewhere the
 * whole process. Never throws; returns the niceness in force, or undefined when unchanged.
 */
export function lowerProcessPriority(pid: number, increment: number): number | undefined {
  if (increment <= 0) return undefined;
  try {
    os.setPriority(pid, Math.min(MAX_NICE, os.getPriority(pid) + increment));
    return os.getPriority(pid);
  } catch {
    return undefined;
  }
}
