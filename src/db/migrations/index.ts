import type { Migration, MigrationProvider } from 'kysely';
import * as createStaff from './2026-11-26T17-00-00_create_staff.js';
import * as createContent from './2026-11-26T17-01-00_create_content.js';
import * as createPeople from './2026-11-26T17-02-00_create_people.js';
import * as createDramas from './2026-11-26T17-03-00_create_dramas.js';
import * as createVideosEvents from './2026-11-26T17-04-00_create_videos_events.js';
import * as createArticleLinks from './2026-11-26T17-05-00_create_article_links.js';
import * as createComments from './2026-11-26T17-06-00_create_comments.js';
import * as createCommentDefences from './2026-11-27T09-00-00_create_comment_defences.js';
import * as indexCommentLookups from './2026-11-27T09-01-00_index_comment_lookups.js';
import * as createWebhooks from './2026-11-28T12-00-00_create_webhooks.js';
import * as createImportSources from './2026-11-28T13-00-00_create_import_sources.js';
import * as createSearchIndex from './2026-11-28T14-00-00_create_search_index.js';
import * as createAuthLimitsTokens from './2026-11-29T09-00-00_create_auth_limits_tokens.js';
import * as createMedia from './2026-11-30T09-00-00_create_media.js';
import * as createMailOutbox from './2026-11-30T10-00-00_create_mail_outbox.js';
import * as indexHotQueries from './2026-11-30T11-00-00_index_hot_queries.js';
import * as createArticleRejectedMentions from './2026-11-30T13-00-00_create_article_rejected_mentions.js';
import * as indexAdminArticleList from './2026-11-30T14-00-00_index_admin_article_list.js';
import * as indexRelatedArticles from './2026-11-30T15-00-00_index_related_articles.js';
import * as indexCommentReplies from './2026-12-01T09-00-00_index_comment_replies.js';
import * as articleCommentCount from './2026-12-01T09-10-00_article_comment_count.js';
import * as searchRecentIndex from './2026-12-01T11-00-00_search_recent_index.js';
import * as searchNames from './2026-12-07T14-40-00_search_names.js';
import * as commentEditedAt from './2026-12-07T15-00-00_comment_edited_at.js';
import * as importProvenance from './2026-12-07T15-00-10_import_provenance.js';
import * as articleSeoFeatured from './2026-12-07T15-01-00_article_seo_featured.js';
import * as createTagRedirects from './2026-12-07T15-01-10_create_tag_redirects.js';
import * as tagParentCommentUrl from './2026-12-07T15-02-00_tag_parent_comment_url.js';
import * as totpLastStep from './2026-12-07T19-00-00_totp_last_step.js';
import * as indexFeaturedArticles from './2026-12-07T21-00-00_index_featured_articles.js';
import * as indexArticleVisibility from './2026-12-07T21-10-00_index_article_visibility.js';
import * as createArticleSlugRedirects from './2026-12-07T22-20-00_create_article_slug_redirects.js';
import * as articleSocialImage from './2026-12-07T22-20-10_article_social_image.js';
import * as createArticleCoauthors from './2026-12-07T22-20-20_create_article_coauthors.js';
import * as revisionKinds from './2026-12-07T22-20-30_revision_kinds.js';
import * as createMediaFiles from './2026-12-07T22-30-00_create_media_files.js';
import * as articleApiKeyOwner from './2026-12-08T00-10-00_article_api_key_owner.js';
import * as createArticleEditors from './2026-12-08T00-20-00_create_article_editors.js';
import * as dropSearchNameTrigrams from './2026-12-08T01-00-00-s-drop_search_name_trigrams.js';
import * as featureImageCaptionCredit from './2026-12-08T01-50-00_feature_image_caption_credit.js';

/**
 * Every migration, by name. Listed statically (not read from the folder) so that the bundled
 * server carries them. Names sort in the order they run; add new ones at the end, never edit one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26T17-00-00_create_staff': createStaff,
  '2026-11-26T17-01-00_create_content': createContent,
  '2026-11-26T17-02-00_create_people': createPeople,
  '2026-11-26T17-03-00_create_dramas': createDramas,
  '2026-11-26T17-04-00_create_videos_events': createVideosEvents,
  '2026-11-26T17-05-00_create_article_links': createArticleLinks,
  '2026-11-26T17-06-00_create_comments': createComments,
  '2026-11-27T09-00-00_create_comment_defences': createCommentDefences,
  '2026-11-27T09-01-00_index_comment_lookups': indexCommentLookups,
  '2026-11-28T12-00-00_create_webhooks': createWebhooks,
  '2026-11-28T13-00-00_create_import_sources': createImportSources,
  '2026-11-28T14-00-00_create_search_index': createSearchIndex,
  '2026-11-29T09-00-00_create_auth_limits_tokens': createAuthLimitsTokens,
  '2026-11-30T09-00-00_create_media': createMedia,
  '2026-11-30T10-00-00_create_mail_outbox': createMailOutbox,
  '2026-11-30T11-00-00_index_hot_queries': indexHotQueries,
  '2026-11-30T13-00-00_create_article_rejected_mentions': createArticleRejectedMentions,
  '2026-11-30T14-00-00_index_admin_article_list': indexAdminArticleList,
  '2026-11-30T15-00-00_index_related_articles': indexRelatedArticles,
  '2026-12-01T09-00-00_index_comment_replies': indexCommentReplies,
  '2026-12-01T09-10-00_article_comment_count': articleCommentCount,
  '2026-12-01T11-00-00_search_recent_index': searchRecentIndex,
  '2026-12-07T14-40-00_search_names': searchNames,
  '2026-12-07T15-00-00_comment_edited_at': commentEditedAt,
  '2026-12-07T15-00-10_import_provenance': importProvenance,
  '2026-12-07T15-01-00_article_seo_featured': articleSeoFeatured,
  '2026-12-07T15-01-10_create_tag_redirects': createTagRedirects,
  '2026-12-07T15-02-00_tag_parent_comment_url': tagParentCommentUrl,
  '2026-12-07T19-00-00_totp_last_step': totpLastStep,
  '2026-12-07T21-00-00_index_featured_articles': indexFeaturedArticles,
  '2026-12-07T21-10-00_index_article_visibility': indexArticleVisibility,
  '2026-12-07T22-20-00_create_article_slug_redirects': createArticleSlugRedirects,
  '2026-12-07T22-20-10_article_social_image': articleSocialImage,
  '2026-12-07T22-20-20_create_article_coauthors': createArticleCoauthors,
  '2026-12-07T22-20-30_revision_kinds': revisionKinds,
  '2026-12-07T22-30-00_create_media_files': createMediaFiles,
  '2026-12-08T00-10-00_article_api_key_owner': articleApiKeyOwner,
  '2026-12-08T00-20-00_create_article_editors': createArticleEditors,
  '2026-12-08T01-00-00-s-drop_search_name_trigrams': dropSearchNameTrigrams,
  '2026-12-08T01-50-00_feature_image_caption_credit': featureImageCaptionCredit,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
