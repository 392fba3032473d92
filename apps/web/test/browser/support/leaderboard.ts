import type { Page } from 'playwright-core';

export interface LeaderboardRow {
  bib: number;
  rank: string;
  gap: string;
  togo: string;
  age: string;
}

/** The live page's leaderboard. */
export const LIVE_BOARD = 'table[aria-label="Leaderboard"], [role="table"][aria-label="Leaderboard"]';
/** The replay's standings at the replay time. */
export const REPLAY_BOARD = '[aria-label="Standings at the replay time"]';

/** A leaderboard as a spectator reads it, top to bottom (rendered rows of the virtual list). */
export async function readLeaderboard(page: Page, board = LIVE_BOARD): Promise<LeaderboardRow[]> {
  return page.evaluate((selector) => {
    const table = document.querySelector(selector);
    if (!table) return [];
    const rows = [...table.querySelectorAll<HTMLElement>('[data-bib]')];
    const cell = (row: HTMLElement, col: string) =>
      row.querySelector(`[data-col="${col}"]`)?.textContent?.trim() ?? '';
    return rows
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((row) => ({
        bib: Number(row.dataset.bib),
        rank: cell(row, 'rank'),
        gap: cell(row, 'gap'),
        togo: cell(row, 'togo'),
        age: cell(row, 'age'),
      }));
  }, board);
}

/** Polls `probe` until it returns something other than null, or fails after `timeoutMs`. */
export async function waitFor<T>(page: Page, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the page');
    await page.waitForTimeout(250);
  }
}

/** Riders on the board (a followed rider may show twice: pinned on top and in place). */
export const distinctBibs = (rows: LeaderboardRow[]) => new Set(rows.map((row) => row.bib)).size;
