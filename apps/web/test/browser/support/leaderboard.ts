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

/** A leaderboard cell whose text leaves its column's content box, or comes too near the next cell's. */
export interface CellOverflow {
  bib: number;
  /** The column, or `a|b` for two neighbours whose texts stand closer than `apart`. */
  col: string;
  text: string;
  /** How far (px) the text runs past the content box on the left and on the right (or, for neighbours, how far apart they are). */
  left: number;
  right: number;
}

/**
 * What in the header and the rendered rows is not read cleanly: a number whose laid-out text does not fit inside its
 * cell's content box (the cell less its padding) — right-aligned, it spills leftwards into the number
 * before it ("43.0103.3 km"), or it is cut — and neighbouring cells whose visible texts stand less than
 * `apart` px from each other. Only `numbers` must fit whole: names and teams end with an ellipsis by design.
 */
export async function overflowingCells(
  page: Page,
  numbers: readonly string[],
  { board = LIVE_BOARD, apart = 6 } = {},
): Promise<CellOverflow[]> {
  return page.evaluate(
    ({ selector, numbers, apart }) => {
      const found: CellOverflow[] = [];
      const table = document.querySelector(selector);
      if (!table) return found;
      const textBox = (cell: HTMLElement) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getBoundingClientRect();
      };
      // The header row (bib 0) and every rendered rider's row.
      for (const row of table.querySelectorAll<HTMLElement>('thead tr, [data-bib]')) {
        const bib = Number(row.dataset.bib ?? 0);
        const cells = [...row.querySelectorAll<HTMLElement>('[data-col]')];
        for (const cell of cells) {
          const col = cell.dataset.col!;
          const text = textBox(cell);
          if (!numbers.includes(col) || text.width === 0) continue;
          const box = cell.getBoundingClientRect();
          const style = getComputedStyle(cell);
          const left = box.left + Number.parseFloat(style.paddingLeft) - text.left;
          const right = text.right - (box.right - Number.parseFloat(style.paddingRight));
          // Both measures are fractional: a tenth of a pixel over is already an ellipsis drawn.
          if (left > 0.1 || right > 0.1 || cell.scrollWidth > cell.clientWidth)
            found.push({ bib, col, text: cell.textContent ?? '', left, right });
        }
        // What can be seen of each text: the part inside its cell (the rest is clipped).
        const visible = cells.map((cell) => {
          const text = textBox(cell);
          const box = cell.getBoundingClientRect();
          return {
            cell,
            left: Math.max(text.left, box.left),
            right: Math.min(text.right, box.right),
            width: text.width,
          };
        });
        for (let i = 1; i < visible.length; i++) {
          const [a, b] = [visible[i - 1]!, visible[i]!];
          if (a.width === 0 || b.width === 0) continue;
          const gap = b.left - a.right;
          if (gap < apart)
            found.push({
              bib,
              col: `${a.cell.dataset.col}|${b.cell.dataset.col}`,
              text: `${a.cell.textContent}|${b.cell.textContent}`,
              left: gap,
              right: gap,
            });
        }
      }
      return found;
    },
    { selector: board, numbers, apart },
  );
}
