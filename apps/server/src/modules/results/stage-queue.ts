/**
 * Tasks on one stage (or one race: any key) run one at a time in this process, in the order asked: a stage's results are never
 * computed twice at once, nor while its riders' progress is being read. A failed task does not stop the
 * ones after it.
 */
export class StageQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after the stage's earlier tasks; answers its own outcome. */
  run<T>(stageId: string, task: () => Promise<T>): Promise<T> {
    const next = this.idle(stageId).then(task);
    const tail = next.then(
      () => {},
      () => {},
    );
    const tracked = tail.finally(() => {
      if (this.tails.get(stageId) === tracked) this.tails.delete(stageId);
    });
    this.tails.set(stageId, tracked);
    return next;
  }

  /** Settles once the stage's tasks asked so far are done (never rejects). */
  idle(stageId: string): Promise<void> {
    return this.tails.get(stageId) ?? Promise.resolve();
  }

  /** Settles once every task asked so far is done. */
  async drained(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
