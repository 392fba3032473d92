// Main-thread time per animation frame of a page, from a Chromium trace (CDP tracing through
// playwright-core): the renderer's main-thread tasks (`RunTask`, top level) summed per frame interval,
// the intervals cut at each `BeginMainThreadFrame`. A frame interval with 4 ms of script, style, layout
// and paint in it scores 4 ms, however long the interval itself (vsync is 16.7 ms either way), so the
// figure says how much of each frame the page spends, and how close it is to dropping frames. Task
// time is the thread's CPU time (`tdur`): on a machine shared with other work a task's wall time
// also counts the time the thread waited for a core, which says more about the machine than the page.
import type { Browser, Page } from 'playwright-core';

/** What `browser.startTracing` needs for task and frame events. */
export const FRAME_TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs. */
  tdur?: number;
  args?: { name?: string };
}

export interface FrameTimes {
  /** Main-thread CPU ms of every whole frame interval of the window. */
  perFrame: number[];
  /** The same in wall time (what a task took, including waiting for a core). */
  perFrameWall: number[];
  /** Frames per second the main thread began. */
  fps: number;
  /** Tasks longer than 50 ms. */
  longTasks: number;
  /** Main-thread CPU share of the window, 0–1. */
  busy: number;
}

/** Reads the frame times out of a trace (JSON as Chromium writes it). */
export function frameTimes(trace: Buffer | string): FrameTimes {
  const parsed = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  // The page's renderer main thread: of the threads named CrRendererMain, the one that began frames.
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const begins = new Map<string, number[]>();
  for (const e of events) {
    if (e.name !== 'BeginMainThreadFrame') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    const list = begins.get(key) ?? [];
    list.push(e.ts);
    begins.set(key, list);
  }
  const [main, frames] = [...begins].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  frames.sort((a, b) => a - b);
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && `${e.pid}:${e.tid}` === main)
    .sort((a, b) => a.ts - b.ts);
  const perFrame: number[] = [];
  const perFrameWall: number[] = [];
  let longTasks = 0;
  let busyUs = 0;
  let t = 0;
  for (const task of tasks) if ((task.dur ?? 0) > 50_000) longTasks++;
  for (let k = 0; k + 1 < frames.length; k++) {
    const start = frames[k]!;
    const end = frames[k + 1]!;
    let cpu = 0;
    let wall = 0;
    // A task belongs to the interval it starts in; tasks are in time order.
    while (t < tasks.length && tasks[t]!.ts < start) t++;
    let u = t;
    for (; u < tasks.length && tasks[u]!.ts < end; u++) {
      wall += tasks[u]!.dur ?? 0;
      cpu += tasks[u]!.tdur ?? tasks[u]!.dur ?? 0;
    }
    t = u;
    busyUs += cpu;
    perFrame.push(cpu / 1000);
    perFrameWall.push(wall / 1000);
  }
  const spanUs = frames.length > 1 ? frames.at(-1)! - frames[0]! : 0;
  return {
    perFrame,
    perFrameWall,
    fps: spanUs > 0 ? ((frames.length - 1) * 1e6) / spanUs : 0,
    longTasks,
    busy: spanUs > 0 ? busyUs / spanUs : 0,
  };
}

/** Traces `page` for `ms` and answers its frame times. */
export async function traceFrames(browser: Browser, page: Page, ms: number): Promise<FrameTimes> {
  await browser.startTracing(page, { categories: FRAME_TRACE_CATEGORIES });
  await page.waitForTimeout(ms);
  return frameTimes(await browser.stopTracing());
}
