import type { Kysely, Transaction } from 'kysely';
import type {
  ArticleCharacterTable,
  ArticleCoauthorTable,
  ArticleEditorTable,
  ArticleEventTable,
  ArticleGroupTable,
  ArticlePersonTable,
  ArticleRejectedMentionTable,
  ArticleRevisionTable,
  ArticleShowTable,
  ArticleSlugRedirectTable,
  ArticleTable,
  ArticleTagTable,
  PageTable,
  RedirectTable,
  TagRedirectTable,
  TagTable,
} from '../features/articles/article.table.js';
import type {
  ApiKeyTable,
  LoginThrottleTable,
  SessionTable,
  UserTable,
  UserTokenTable,
} from '../features/auth/auth.table.js';
import type { CommentTable } from '../features/comments/comment.table.js';
import type {
  CommentSubscriptionTable,
  MailOutboxTable,
  MailUnsubscribeTable,
} from '../features/comments/mail-outbox.table.js';
import type {
  BroadcastSlotTable,
  CharacterTable,
  CreditTable,
  EpisodeTable,
  NetworkTable,
  PartTable,
  ShowNetworkTable,
  ShowTable,
} from '../features/dramas/drama.table.js';
import type {
  MediaFileTable,
  MediaTable,
  VideoPersonTable,
  VideoShowTable,
  VideoTable,
} from '../features/media/media.table.js';
import type {
  EventPersonTable,
  EventTable,
  GroupMembershipTable,
  GroupTable,
  PersonTable,
} from '../features/people/people.table.js';
import type { SettingTable } from '../features/settings/settings.table.js';
import type {
  WebhookAttemptTable,
  WebhookDeliveryTable,
  WebhookTable,
} from '../features/webhooks/webhook.table.js';

/** Every table, as Kysely sees it. Table types live with the feature that owns them. */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  login_throttles: LoginThrottleTable;
  user_tokens: UserTokenTable;
  settings: SettingTable;
  media: MediaTable;
  /** PostgreSQL only: the files of DEHO_MEDIA_STORAGE=postgres. */
  media_files: MediaFileTable;
  tags: TagTable;
  tag_redirects: TagRedirectTable;
  articles: ArticleTable;
  article_revisions: ArticleRevisionTable;
  article_slug_redirects: ArticleSlugRedirectTable;
  article_coauthors: ArticleCoauthorTable;
  article_editors: ArticleEditorTable;
  article_tags: ArticleTagTable;
  article_shows: ArticleShowTable;
  article_people: ArticlePersonTable;
  article_groups: ArticleGroupTable;
  article_characters: ArticleCharacterTable;
  article_events: ArticleEventTable;
  article_rejected_mentions: ArticleRejectedMentionTable;
  pages: PageTable;
  redirects: RedirectTable;
  people: PersonTable;
  groups: GroupTable;
  group_memberships: GroupMembershipTable;
  networks: NetworkTable;
  shows: ShowTable;
  show_networks: ShowNetworkTable;
  parts: PartTable;
  broadcast_slots: BroadcastSlotTable;
  episodes: EpisodeTable;
  characters: CharacterTable;
  credits: CreditTable;
  videos: VideoTable;
  video_shows: VideoShowTable;
  video_people: VideoPersonTable;
  events: EventTable;
  event_people: EventPersonTable;
  comments: CommentTable;
  comment_subscriptions: CommentSubscriptionTable;
  mail_unsubscribes: MailUnsubscribeTable;
  mail_outbox: MailOutboxTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: what repository functions take. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;
