import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { ScheduleCronInvalid, ScheduleTaskDuplicate } from '../errors/index.js';
import type { Clock, Logger } from '../shared/index.js';
import { assertJobName } from './job-name.js';
import type { JobStore } from './job-types.js';
import { claimPeriod, finishPeriod, pruneScheduledRuns } from './period-claim.js';

/** What a recurring task learns about the period it runs for. */
interface ScheduledTaskContext {
  taskName: string;
  /** The cron occurrence this run stands for; identical on every instance. */
  periodStart: Date;
  log: Logger;
}

/** The work of a recurring task. */
type ScheduledTask = (context: ScheduledTaskContext) => Promise<void>;

/** Runs recurring tasks once per period across all instances sharing the database. */
export interface Scheduler {
  /** Adds a task (`module.verb-noun`) on a croner expression, evaluated in UTC unless `timezone` is given. */
  schedule(name: string, cronExpression: string, fn: ScheduledTask, options?: { timezone?: string }): void;
  start(): void;
  /** Stops firing and waits for running tasks to return. */
  stop(): Promise<void>;
}

/** How to build a scheduler. */
interface SchedulerOptions {
  store: JobStore;
  clock: Clock;
  log: Logger;
  /** Unique per process; recorded with each claimed period (default host:pid:random). */
  instanceId?: string;
  /** How long claimed periods are kept (default 24 h); a period older than this is never fired late. */
  retentionMs?: number;
}

interface TaskState {
  name: string;
  cron: Cron;
  fn: ScheduledTask;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  lastPruneMs: number;
}

// Long timers are re-armed in steps, so a changed clock or a suspended process is noticed.
const maxTimerMs = 60_000;
const pruneEveryMs = 60_000;

/** Builds a scheduler; each period is claimed in the database before its task runs. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, clock } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const retentionMs = options.retentionMs ?? 24 * 3_600_000;
  const log = options.log.child({ module: 'scheduler', instanceId });
  const tasks = new Map<string, TaskState>();
  let started = false;

  function arm(task: TaskState, target: Date): void {
    const delayMs = Math.min(Math.max(0, target.getTime() - clock.now().getTime()), maxTimerMs);
    task.timer = setTimeout(() => onTimer(task, target), delayMs);
  }

  function armAfter(task: TaskState, after: Date): void {
    const next = task.cron.nextRun(after);
    if (next === null) log.info({ task: task.name }, 'scheduled task has no further runs');
    else arm(task, next);
  }

  function onTimer(task: TaskState, target: Date): void {
    task.timer = undefined;
    if (!started) return;
    const now = clock.now();
    if (now < target) return arm(task, target);
    if (now.getTime() - target.getTime() < retentionMs) fire(task, target);
    // Periods missed while this process was late are left to the other instances.
    armAfter(task, now > target ? now : target);
  }

  function fire(task: TaskState, periodStart: Date): void {
    if (task.running !== undefined) {
      log.warn({ task: task.name, periodStart }, 'previous run still busy; period left to other instances');
      return;
    }
    task.running = runPeriod(task, periodStart).finally(() => {
      task.running = undefined;
    });
  }

  async function runPeriod(task: TaskState, periodStart: Date): Promise<void> {
    const key = { taskName: task.name, periodStart: periodStart.toISOString() };
    const taskLog = log.child({ task: task.name, periodStart: key.periodStart });
    try {
      const claimed = await claimPeriod(store, { ...key, instanceId, now: clock.now().toISOString() });
      if (!claimed) return;
    } catch (error) {
      taskLog.warn({ err: error }, 'could not claim the period; left to other instances');
      return;
    }
    let errorMessage: string | null = null;
    try {
      await task.fn({ taskName: task.name, periodStart, log: taskLog });
    } catch (error) {
      errorMessage = error instanceof Error ? error.message : String(error);
      taskLog.error({ err: error }, 'scheduled task failed');
    }
    try {
      const now = clock.now();
      const status = errorMessage === null ? 'done' : 'failed';
      await finishPeriod(store.db, key, { status, now: now.toISOString(), errorMessage });
      if (now.getTime() - task.lastPruneMs >= pruneEveryMs) {
        task.lastPruneMs = now.getTime();
        await pruneScheduledRuns(store.db, task.name, new Date(now.getTime() - retentionMs).toISOString());
      }
    } catch (error) {
      taskLog.warn({ err: error }, 'could not record the end of a scheduled run');
    }
  }

  return {
    schedule(name, cronExpression, fn, scheduleOptions = {}) {
      assertJobName(name);
      if (tasks.has(name)) throw ScheduleTaskDuplicate.create({ task: name });
      let cron: Cron;
      try {
        cron = new Cron(cronExpression, { paused: true, timezone: scheduleOptions.timezone ?? 'Etc/UTC' });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw ScheduleCronInvalid.create(
          { task: name, expression: cronExpression, reason },
          { cause: error },
        );
      }
      const task: TaskState = { name, cron, fn, timer: undefined, running: undefined, lastPruneMs: 0 };
      tasks.set(name, task);
      if (started) armAfter(task, clock.now());
    },
    start() {
      if (started) return;
      started = true;
      for (const task of tasks.values()) armAfter(task, clock.now());
      log.info({ tasks: [...tasks.keys()] }, 'scheduler started');
    },
    async stop() {
      started = false;
      for (const task of tasks.values()) clearTimeout(task.timer);
      await Promise.allSettled([...tasks.values()].map((t) => t.running));
    },
  };
}
