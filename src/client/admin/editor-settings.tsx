import { useEffect, useState } from 'preact/hooks';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { api } from './api.js';
import { Library, type FeatureImage } from './media-picker.js';
import { localPath, thumbnail } from './screens-media.js';
import type { Article } from './types.js';
import { Field } from './ui.js';

/*
 * The article's settings card in the editor (issue 18): address (slug), what search engines
 * and link previews show (SEO title and description, with a search-result preview, and the
 * social image), the author (editors and above hand an article to someone else), co-authors,
 * and whether readers can comment. Saved with the article.
 */

export interface ArticleSettings {
  /** '' until the article has one: the server makes it from the title. */
  slug: string;
  seoTitle: string;
  seoDescription: string;
  socialImage: FeatureImage | null;
  /** Who the byline names first and who owns the article; null until saved (then: the writer). */
  author: { id: number; name: string } | null;
  coauthors: { id: number; name: string }[];
  commentsEnabled: boolean;
}

export const NO_SETTINGS: ArticleSettings = {
  slug: '',
  seoTitle: '',
  seoDescription: '',
  socialImage: null,
  author: null,
  coauthors: [],
  commentsEnabled: true,
};

/** Search results show about this much of a title and a description. */
const TITLE_SHOWN = 60;
const DESCRIPTION_SHOWN = 155;

export function settingsOf(a: Article): ArticleSettings {
  return {
    slug: a.slug,
    seoTitle: a.seo_title ?? '',
    seoDescription: a.seo_description ?? '',
    socialImage: a.social_image ?? null,
    author: a.author?.id === undefined ? null : { id: a.author.id, name: a.author.name },
    coauthors: (a.coauthors ?? []).map(({ id, name }) => ({ id, name })),
    commentsEnabled: a.comments_enabled ?? true,
  };
}

/**
 * The settings as the Admin API takes them. A slug that is not one yet (half typed: "my-") is
 * left out, so that everything else is still saved while the card says what is wrong with it.
 */
export function settingsPayload(s: ArticleSettings) {
  const slug = s.slug.trim();
  return {
    ...(SLUG_PATTERN.test(slug) && { slug }),
    seo_title: s.seoTitle,
    seo_description: s.seoDescription,
    social_image_id: s.socialImage?.id ?? null,
    ...(s.author !== null && { author_id: s.author.id }),
    coauthor_ids: s.coauthors.map((c) => c.id),
    comments_enabled: s.commentsEnabled,
  };
}

/** Settings back from a payload kept in this browser; pictures and names known on screen are kept. */
export function settingsFromPayload(
  p: Partial<ReturnType<typeof settingsPayload>>,
  now: ArticleSettings,
): ArticleSettings {
  return {
    slug: p.slug ?? now.slug,
    seoTitle: p.seo_title ?? now.seoTitle,
    seoDescription: p.seo_description ?? now.seoDescription,
    socialImage: p.social_image_id === now.socialImage?.id ? now.socialImage : null,
    author:
      p.author_id === undefined || p.author_id === now.author?.id
        ? now.author
        : { id: p.author_id, name: `Staff member ${p.author_id}` },
    coauthors: (p.coauthor_ids ?? now.coauthors.map((c) => c.id)).map((id) => ({
      id,
      name: now.coauthors.find((c) => c.id === id)?.name ?? `Staff member ${id}`,
    })),
    commentsEnabled: p.comments_enabled ?? now.commentsEnabled,
  };
}

function cut(text: string, shown: number): string {
  return text.length <= shown ? text : `${text.slice(0, shown - 1).trimEnd()}…`;
}

/** "42 of about 60 characters", and a warning past it. */
function lengthHint(length: number, shown: number): string {
  return length > shown
    ? `${length} characters: search results show about ${shown}, the rest is cut.`
    : `${length} of about ${shown} characters search results show.`;
}

interface StaffMember {
  id: number;
  name: string;
  role: string;
  status: string;
}

const WRITERS = ['owner', 'admin', 'editor', 'author', 'contributor'];

/** The staff who can be named in a byline: active, in a writing role; undefined while loading. */
function useWriters(): StaffMember[] | undefined {
  const [staff, setStaff] = useState<StaffMember[]>();
  useEffect(() => {
    api<{ users: StaffMember[] }>('GET', '/users?limit=100')
      .then((r) =>
        setStaff(r.users.filter((u) => WRITERS.includes(u.role) && u.status === 'active')),
      )
      .catch(() => setStaff([]));
  }, []);
  return staff;
}

/** Who the article is by: editors and above choose; everyone else reads it. */
function AuthorInput(props: {
  value: ArticleSettings['author'];
  writers: StaffMember[] | undefined;
  /** Whether the article was saved: an unsaved one becomes the writer's unless changed. */
  saved: boolean;
  mayChange: boolean;
  onChange: (author: ArticleSettings['author']) => void;
}) {
  const current = props.value;
  const unnamed = props.saved ? 'Nobody (written through an API key)' : 'You';
  if (!props.mayChange) {
    return (
      <p>
        <strong>Author:</strong> {current?.name ?? unnamed}
      </p>
    );
  }
  const writers = props.writers ?? [];
  const listed: { id: number; name: string }[] =
    current === null || writers.some((u) => u.id === current.id) ? writers : [current, ...writers];
  return (
    <Field
      label="Author"
      id="author-pick"
      hint="The byline names them first; the article becomes theirs."
    >
      <select
        id="author-pick"
        value={current === null ? '' : String(current.id)}
        aria-describedby="author-pick-hint"
        onChange={(e) => {
          const picked = listed.find((u) => String(u.id) === e.currentTarget.value);
          props.onChange(picked === undefined ? null : { id: picked.id, name: picked.name });
        }}
      >
        {current === null && <option value="">{unnamed}</option>}
        {listed.map((u) => (
          <option key={u.id} value={String(u.id)}>
            {u.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

function CoauthorsInput(props: {
  value: ArticleSettings['coauthors'];
  authorId: number | undefined;
  writers: StaffMember[] | undefined;
  onChange: (coauthors: ArticleSettings['coauthors']) => void;
}) {
  const staff = props.writers;
  const [choice, setChoice] = useState('');
  const choosable = (staff ?? []).filter(
    (u) => u.id !== props.authorId && !props.value.some((c) => c.id === u.id),
  );
  return (
    <fieldset class="stack">
      <legend>Co-authors</legend>
      {props.value.length === 0 ? (
        <p class="hint">None: the byline names the author alone.</p>
      ) : (
        <ul class="chips" aria-label="Co-authors">
          {props.value.map((c) => (
            <li key={c.id}>
              {c.name}{' '}
              <button
                type="button"
                class="small link"
                aria-label={`Remove ${c.name} from the byline`}
                onClick={() => props.onChange(props.value.filter((x) => x.id !== c.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label for="coauthor-pick">Add a co-author</label>
        <select
          id="coauthor-pick"
          value={choice}
          onChange={(e) => setChoice(e.currentTarget.value)}
          disabled={choosable.length === 0}
        >
          <option value="">{staff === undefined ? 'Loading staff…' : 'Choose…'}</option>
          {choosable.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        class="small"
        disabled={choice === ''}
        onClick={() => {
          const picked = choosable.find((u) => String(u.id) === choice);
          if (picked !== undefined)
            props.onChange([...props.value, { id: picked.id, name: picked.name }]);
          setChoice('');
        }}
      >
        Add to the byline
      </button>
    </fieldset>
  );
}

function SocialImageInput(props: {
  value: FeatureImage | null;
  onChange: (image: FeatureImage | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<string>();
  return (
    <fieldset class="stack">
      <legend>Social image</legend>
      {props.value === null ? (
        <p class="hint">None: link previews show the feature image.</p>
      ) : (
        <p class="hint" role="status" data-social-image={props.value.id}>
          <img src={preview ?? localPath(props.value.src)} alt="" width={96} height={72} /> Library
          image {props.value.id}
          {props.value.alt !== '' && `: ${props.value.alt}`}
        </p>
      )}
      <button type="button" class="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Close the library' : 'Choose the social image'}
      </button>
      {props.value !== null && (
        <button type="button" class="small danger" onClick={() => props.onChange(null)}>
          Use the feature image
        </button>
      )}
      {open && (
        <Library
          id="social-image"
          onPick={(item) => {
            setOpen(false);
            setPreview(thumbnail(item));
            props.onChange({ id: item.id, src: localPath(item.url), alt: item.alt });
          }}
        />
      )}
    </fieldset>
  );
}

export function SettingsCard(props: {
  value: ArticleSettings;
  article: Article | undefined;
  title: string;
  dek: string;
  /** Editors and above may hand the article to another author. */
  mayChangeAuthor: boolean;
  onChange: (next: Partial<ArticleSettings>) => void;
}) {
  const { value, article } = props;
  const writers = useWriters();
  const slug = value.slug.trim();
  const slugProblem =
    slug !== '' && !SLUG_PATTERN.test(slug)
      ? 'Use lowercase letters, digits and single hyphens, e.g. "my-story".'
      : undefined;
  const moved =
    article?.status === 'published' && slug !== '' && slug !== article.slug
      ? `Once saved, the old address /news/${article.slug} leads readers here.`
      : undefined;
  const shownTitle = value.seoTitle.trim() || props.title.trim() || 'Untitled';
  const shownDescription = value.seoDescription.trim() || props.dek.trim();
  return (
    <section class="card stack" aria-labelledby="settings-h">
      <h2 id="settings-h">Article settings</h2>
      <Field
        label="Slug (the address)"
        id="slug"
        hint={
          slugProblem ??
          moved ??
          (slug === '' ? 'Made from the title when first saved.' : `/news/${slug}`)
        }
      >
        <input
          id="slug"
          value={value.slug}
          maxLength={200}
          aria-invalid={slugProblem !== undefined}
          aria-describedby="slug-hint"
          onInput={(e) => props.onChange({ slug: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="SEO title (empty: the title)"
        id="seo-title"
        hint={lengthHint(value.seoTitle.length, TITLE_SHOWN)}
      >
        <input
          id="seo-title"
          value={value.seoTitle}
          maxLength={300}
          aria-describedby="seo-title-hint"
          onInput={(e) => props.onChange({ seoTitle: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="SEO description (empty: the standfirst)"
        id="seo-description"
        hint={lengthHint(value.seoDescription.length, DESCRIPTION_SHOWN)}
      >
        <textarea
          id="seo-description"
          rows={3}
          value={value.seoDescription}
          maxLength={1000}
          aria-describedby="seo-description-hint"
          onInput={(e) => props.onChange({ seoDescription: e.currentTarget.value })}
        />
      </Field>
      <figure class="search-preview" aria-label="As a search result">
        <p class="search-preview__url">
          {location.host}/news/{slug || '…'}
        </p>
        <p class="search-preview__title">{cut(shownTitle, TITLE_SHOWN)}</p>
        <p class="search-preview__text">{cut(shownDescription, DESCRIPTION_SHOWN)}</p>
      </figure>
      <SocialImageInput
        value={value.socialImage}
        onChange={(socialImage) => props.onChange({ socialImage })}
      />
      <AuthorInput
        value={value.author}
        writers={writers}
        saved={article !== undefined}
        mayChange={props.mayChangeAuthor}
        onChange={(author) =>
          props.onChange({
            author,
            coauthors: value.coauthors.filter((c) => c.id !== author?.id),
          })
        }
      />
      <CoauthorsInput
        value={value.coauthors}
        authorId={value.author?.id}
        writers={writers}
        onChange={(coauthors) => props.onChange({ coauthors })}
      />
      <label class="check">
        <input
          id="comments-enabled"
          type="checkbox"
          checked={value.commentsEnabled}
          onChange={(e) => props.onChange({ commentsEnabled: e.currentTarget.checked })}
        />{' '}
        Readers can comment
      </label>
    </section>
  );
}
