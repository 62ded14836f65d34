import type { EntityRef } from './mentions.js';
import type { FeatureImage } from './media-picker.js';
import {
  NO_SETTINGS,
  settingsFromPayload,
  settingsOf,
  settingsPayload,
  type ArticleSettings,
} from './editor-settings.js';
import type { Article, Block } from './types.js';

/*
 * The editor's fields beside the body, and the article payload the Admin API takes, both ways:
 * from an article the server sent, to what a save sends, and back from a copy kept in this
 * browser.
 */

export interface Fields {
  title: string;
  dek: string;
  /** Tag names in order; new ones are created when the article is saved. */
  tags: string[];
  /** Linker suggestions rejected for this article; saved with it. */
  rejected: EntityRef[];
  image: FeatureImage | null;
  /** Under the feature image on the page; '' for none. */
  imageCaption: string;
  imageCredit: string;
  /** Slug, SEO, social image, co-authors, comments (editor-settings.tsx). */
  settings: ArticleSettings;
}

export const EMPTY: Fields = {
  title: '',
  dek: '',
  tags: [],
  rejected: [],
  image: null,
  imageCaption: '',
  imageCredit: '',
  settings: NO_SETTINGS,
};

/** The fields of an article as the server has it. */
export function fieldsOf(a: Article): Fields {
  return {
    title: a.title,
    dek: a.dek ?? '',
    tags: (a.tags ?? []).map((t) => t.name),
    rejected: a.rejected_mentions ?? [],
    image: a.feature_image ?? null,
    imageCaption: a.feature_image_caption ?? '',
    imageCredit: a.feature_image_credit ?? '',
    settings: settingsOf(a),
  };
}

/** What a save sends for these fields and body. */
export function payloadFrom(f: Fields, body: Block[]) {
  return {
    title: f.title.trim() === '' ? 'Untitled' : f.title,
    dek: f.dek,
    body,
    tags: f.tags,
    rejected_mentions: f.rejected,
    feature_image_id: f.image?.id ?? null,
    feature_image_caption: f.imageCaption,
    feature_image_credit: f.imageCredit,
    ...settingsPayload(f.settings),
  };
}
export type Payload = ReturnType<typeof payloadFrom>;

/** What the editor would send for an article as the server has it, to compare a local copy with. */
export function payloadOf(a: Article): Payload {
  return {
    title: a.title,
    dek: a.dek ?? '',
    body: a.body ?? [],
    tags: (a.tags ?? []).map((t) => t.name),
    rejected_mentions: a.rejected_mentions ?? [],
    feature_image_id: a.feature_image?.id ?? null,
    feature_image_caption: a.feature_image_caption ?? '',
    feature_image_credit: a.feature_image_credit ?? '',
    ...settingsPayload(settingsOf(a)),
  };
}

/**
 * The fields of a copy kept in this browser. The copy names pictures by id; those on screen
 * are kept when they are the same.
 */
export function fieldsFromPayload(p: Partial<Payload>, now: Fields): Fields {
  return {
    title: p.title ?? '',
    dek: p.dek ?? '',
    tags: p.tags ?? [],
    rejected: p.rejected_mentions ?? [],
    image: p.feature_image_id === now.image?.id ? now.image : null,
    imageCaption: p.feature_image_caption ?? '',
    imageCredit: p.feature_image_credit ?? '',
    settings: settingsFromPayload(p, now.settings),
  };
}
