/* Scheduled publishing: the background job that makes scheduled articles live. */
export {
  createPublishingJob,
  publishDueArticles,
  type PublishingDeps,
  type PublishingJob,
} from './publishing.job.js';
