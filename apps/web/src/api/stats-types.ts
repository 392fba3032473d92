/** Shapes of the statistics endpoints (`getRaceStatistics`, `getStatistics`), from the zod contracts. */
import type {
  CourseRecord,
  HistogramBucket,
  RaceStatistics,
  SegmentRecord,
  StageStatistics,
  Statistics,
} from '@echelon/contracts';
import type { z } from 'zod';

export type RaceStatisticsView = z.infer<typeof RaceStatistics>;
export type StageStatisticsView = z.infer<typeof StageStatistics>;
export type SegmentRecordView = z.infer<typeof SegmentRecord>;
export type HistogramBucketView = z.infer<typeof HistogramBucket>;
export type StatisticsView = z.infer<typeof Statistics>;
export type CourseRecordView = z.infer<typeof CourseRecord>;
