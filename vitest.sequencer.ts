import { stat } from 'node:fs/promises';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Projects whose files take minutes (a real image built by buildah, a simulated race, Chromium,
 * processes of every role on NATS) start first, so the many short files fill the other worker around
 * them; started last (the default order is by project name) one of them alone decided the run's end.
 * The cluster test comes after the e2e and browser files, not beside the image build from the start:
 * its race runs in real time through a 20 s database outage, and the one CI run it failed in had it
 * beside buildah's debootstrap and copies.
 */
const LONG_PROJECTS = ['deploy', 'e2e', 'browser', 'cluster'];

/**
 * Longest first across the whole run, whatever the project: by the last run's durations when the
 * cache has one for every file (a developer's machine), else by file size (a clean clone in CI).
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = files.map((spec) => this.ctx.cache.getTestSpecificationResult(spec)?.duration);
    const weights = durations.every((duration) => duration !== undefined)
      ? durations
      : await Promise.all(files.map(async (spec) => (await stat(spec.moduleId)).size));
    const rank = (spec: TestSpecification) => {
      const index = LONG_PROJECTS.indexOf(spec.project.name);
      return index === -1 ? LONG_PROJECTS.length : index;
    };
    // A project whose files share their worker's modules (isolate: false, the API projects) runs as one
    // block: interleaved with another project's files, by size, each switch started a new worker that
    // imported the app again (both API projects together: 472 s against ~200 s one after the other).
    const shared = (spec: TestSpecification) =>
      spec.project.config.isolate === false ? spec.project.name : '';
    const order = files.map((spec, i) => ({
      spec,
      rank: rank(spec),
      block: shared(spec),
      weight: weights[i] ?? 0,
    }));
    order.sort(
      (a, b) =>
        a.rank - b.rank ||
        // The shared-module blocks (minutes each) before the isolated files (seconds).
        Number(a.block === '') - Number(b.block === '') ||
        a.block.localeCompare(b.block) ||
        b.weight - a.weight,
    );
    return order.map(({ spec }) => spec);
  }
}
