import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { useArticleSaver } from './article-saver.js';
import { ConflictNotice } from './conflict-notice.js';
import { BodyEditor, type BodyEditorHandle } from './editor/body-editor.js';
import { linkerTextOf, linkFirstTr, unlinkTr } from './editor/linker-marks.js';
import { setHighlightsTr, type PickedHighlight } from './editor/linker-highlights.js';
import { schema } from './editor/schema.js';
import { RevisionsCard } from './editor-revisions.js';
import {
  EMPTY,
  fieldsFromPayload,
  fieldsOf,
  payloadFrom,
  payloadOf,
  type Fields,
  type Payload,
} from './editor-fields.js';
import { SettingsCard, settingsOf } from './editor-settings.js';
import { OtherEditorsNotice, useOtherEditors } from './editor-presence.js';
import { localInput, PublishingCard } from './editor-side.js';
import { LinkerPanel } from './linker-panel.js';
import { TagsInput } from './tags-input.js';
import { dropLocalCopy, keepLocalCopy, readLocalCopy, type LocalCopy } from './local-copy.js';
import { linkedEntities, type EntityRef } from './mentions.js';
import { MAY, type Article, type Me } from './types.js';
import { go, when } from './ui.js';
import { FeatureImageCard } from './editor-feature-image.js';

/*
 * The article editor: title and standfirst, the body edited in place (editor/body-editor.tsx),
 * the linker, feature image, tags, settings, publishing, preview and revisions. The body lives only in
 * the editor's state; everything else is screen state, always updated from its current value.
 */

const AUTOSAVE_MS = 1500;
const LINKER_PAUSE_MS = 300;
const LOCAL_COPY_MS = 400;

interface Names {
  text: string;
  linked: ReadonlyMap<string, EntityRef & { text: string }>;
}

export function EditorScreen({ me, id: initialId }: { me: Me; id: number | undefined }) {
  const [article, setArticle] = useState<Article>();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [edits, setEdits] = useState(0);
  const [picked, setPicked] = useState<PickedHighlight>();
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState('');
  const [viewUrl, setViewUrl] = useState<string>();
  const [when_, setWhen] = useState('');
  const [conflict, setConflict] = useState(false);
  const [saveState, setSaveState] = useState('');
  const [offer, setOffer] = useState<LocalCopy>();
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;
  const conflictNow = useRef(conflict);
  conflictNow.current = conflict;
  const articleNow = useRef(article);
  articleNow.current = article;
  /** Saved without a click: only drafts, so that an edit never goes live before the writer says so. */
  const savesByItself = () =>
    articleNow.current === undefined || articleNow.current.status === 'draft';
  const body = useRef<BodyEditorHandle | undefined>(undefined);
  const fieldsNow = useRef(fields);
  fieldsNow.current = fields;

  const blocks = () => body.current?.blocks() ?? [];
  const payloadNow = () => payloadFrom(fieldsNow.current, blocks());
  const saver = useArticleSaver(initialId, {
    payload: payloadNow,
    saved: ({ article: saved, latest }, note) => {
      if (location.pathname.endsWith('/new')) {
        history.replaceState(null, '', `/admin/articles/${saved.id}`);
      }
      setArticle(saved);
      // A new article's slug is made by the server from its title, and its author is the
      // writer unless chosen: shown from then on.
      setFields((f) => {
        const settings = settingsOf(saved);
        const slug = f.settings.slug === '' ? settings.slug : f.settings.slug;
        const author = f.settings.author ?? settings.author;
        return slug === f.settings.slug && author === f.settings.author
          ? f
          : { ...f, settings: { ...f.settings, slug, author } };
      });
      setConflict(false);
      // Typed while the save was on its way: still unsaved, the next autosave sends it.
      if (latest) {
        setDirty(false);
        // The server has what is on screen now: an older copy kept in this browser is moot.
        setOffer(undefined);
        dropLocalCopy(saved.id);
        dropLocalCopy(undefined);
        setSaveState(`Saved to the server at ${new Date().toLocaleTimeString()}.`);
      }
      setMessage(note);
      setViewUrl(saved.status === 'published' ? saved.url : undefined);
    },
    failed: (text, isConflict) => {
      setConflict(isConflict);
      setMessage(text);
      if (!isConflict)
        setSaveState(
          savesByItself()
            ? 'Not saved to the server. Your changes are kept in this browser and are sent when the connection is back.'
            : 'Not saved to the server. Your changes are kept in this browser; save again when the connection is back.',
        );
    },
  });
  const canPublish = MAY.publish.includes(me.role);

  const changed = () => {
    // A change may move the text under an open suggestion: it closes.
    setPicked(undefined);
    saver.changed();
    setDirty(true);
    setEdits((n) => n + 1);
  };
  const change = (next: Partial<Fields>) => {
    setFields((current) => ({ ...current, ...next }));
    changed();
  };

  const load = (a: Article) => {
    const copy = readLocalCopy(a.id);
    const differs =
      copy !== undefined && JSON.stringify(copy.payload) !== JSON.stringify(payloadOf(a));
    setOffer(differs ? copy : undefined);
    if (copy !== undefined && !differs) dropLocalCopy(a.id);
    setArticle(a);
    setFields(fieldsOf(a));
    body.current?.load(a.body ?? []);
    saver.loaded(a);
    setConflict(false);
    setWhen(localInput(a.status === 'scheduled' ? a.published_at : null));
    setDirty(false);
  };
  useEffect(() => {
    if (initialId === undefined) setOffer(readLocalCopy(undefined));
    if (initialId !== undefined) {
      api<{ article: Article }>('GET', `/articles/${initialId}`)
        .then((r) => load(r.article))
        .catch((e: unknown) => setMessage(messageOf(e)));
    }
  }, [initialId]);

  const save = (extra: Record<string, unknown> = {}, note = 'Saved.', autosave = false) => {
    if (Object.keys(extra).length > 0 && (body.current?.pending() ?? 0) > 0) {
      setMessage('An upload or video lookup is still on its way: publish once it is in the text.');
      return Promise.resolve();
    }
    return saver.save(extra, note, { autosave });
  };

  // Autosave: drafts only, so that an edit never goes live before the writer says so.
  useEffect(() => {
    if (!dirty || conflict || (article !== undefined && article.status !== 'draft')) return;
    const timer = setTimeout(
      () => void save({}, `Draft saved at ${new Date().toLocaleTimeString()}.`, true),
      AUTOSAVE_MS,
    );
    return () => clearTimeout(timer);
  }, [edits, dirty, conflict]);

  const view = () => body.current?.view;
  /**
   * The view, when the linker's offsets still fit its text: they were found in `names.text`,
   * and a change since (typing, an upload landing) would move them.
   */
  const current = () => {
    const v = view();
    if (v === undefined || linkerTextOf(v.state.doc) !== names.text) {
      setMessage('The text changed meanwhile; the names are being looked up again.');
      return undefined;
    }
    return v;
  };

  // Every change is kept in this browser until the server has it.
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => {
      if (keepLocalCopy(saver.id(), payloadNow()))
        setSaveState('Changes kept in this browser; not yet on the server.');
    }, LOCAL_COPY_MS);
    return () => clearTimeout(timer);
  }, [edits, dirty]);
  useEffect(() => {
    const online = () => {
      if (dirtyNow.current && !conflictNow.current && savesByItself())
        void saver.save({}, 'Saved.', { autosave: true });
    };
    addEventListener('online', online);
    return () => removeEventListener('online', online);
  }, []);

  const restore = (copy: LocalCopy) => {
    const p = copy.payload as Partial<Payload>;
    change(fieldsFromPayload(p, fieldsNow.current));
    body.current?.replace(p.body ?? []);
    setOffer(undefined);
    setMessage('The copy kept in this browser is restored; it is being saved.');
  };

  // What the linker reads, taken once typing pauses: reading a long body on every keystroke
  // would slow typing down for suggestions that wait for a pause anyway.
  const [names, setNames] = useState<Names>({ text: '', linked: new Map() });
  useEffect(() => {
    const timer = setTimeout(() => {
      const doc = view()?.state.doc;
      if (doc !== undefined)
        setNames({ text: linkerTextOf(doc), linked: linkedEntities(blocks()) });
    }, LINKER_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [edits, article]);
  // The preview renders what the server has: a draft is saved first so that it shows what is on
  // screen; a live article's edits are not saved by previewing (that would publish them).
  const preview = async () => {
    const draft = articleNow.current === undefined || articleNow.current.status === 'draft';
    if (saver.id() === undefined || (draft && dirtyNow.current)) {
      await save({}, `Draft saved at ${new Date().toLocaleTimeString()}.`, true);
    }
    try {
      const r = await api<{ preview: { url: string } }>(
        'POST',
        `/articles/${saver.id() ?? 0}/preview`,
      );
      const unsaved =
        !draft && dirtyNow.current ? ' It shows the saved version, not your unsaved changes.' : '';
      setMessage(`Preview link (valid for an hour): ${r.preview.url}.${unsaved}`);
      open(r.preview.url, '_blank', 'noopener');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const otherEditors = useOtherEditors(article?.id);
  const status = article?.status ?? 'draft';
  return (
    <>
      <div class="toolbar">
        <h1>{saver.id() === undefined ? 'New article' : 'Edit article'}</h1>
        <span class={`badge badge--${status}`} data-testid="status">
          {status}
        </span>
        {status === 'scheduled' && <span>goes live {when(article?.published_at)}</span>}
      </div>
      {conflict ? (
        <ConflictNotice
          text={message}
          articleId={saver.id()}
          base={article}
          mine={() => ({ fields: fieldsNow.current, body: blocks() })}
          onLoaded={(saved) => {
            load(saved);
            setMessage('The saved version is loaded; your changes were set aside.');
          }}
          onMerged={(merged, theirs) => {
            // On top of their version: the next save is checked against it, as any save is.
            setArticle(theirs);
            saver.loaded(theirs);
            body.current?.replace(merged.body);
            change(merged.fields);
            setConflict(false);
            setMessage('The versions are merged. Check the text, then save.');
          }}
          onError={setMessage}
          onOverwrite={() =>
            void saver.save({}, 'Saved over the other version.', { overwrite: true })
          }
        />
      ) : (
        <p class="notice notice--info" role="status" hidden={message === ''}>
          {message}
          {viewUrl !== undefined && (
            <>
              {' '}
              <a href={viewUrl} target="_blank" rel="noopener">
                View article
              </a>
            </>
          )}
        </p>
      )}
      {offer !== undefined && (
        <div key="local-copy" class="notice notice--error" role="alert" data-testid="local-copy">
          <p>This browser kept changes from {when(offer.keptAt)} that the server does not have.</p>
          <button type="button" onClick={() => restore(offer)}>
            Restore them
          </button>{' '}
          <button
            type="button"
            class="danger"
            onClick={() => {
              dropLocalCopy(saver.id());
              setOffer(undefined);
            }}
          >
            Discard them
          </button>
        </div>
      )}
      <OtherEditorsNotice key="other-editors" others={otherEditors} />
      <p key="save-state" class="hint" data-testid="save-state" aria-live="polite">
        {saveState}
      </p>
      {/* Keyed: a notice appearing above must never remount the editor (and lose its state). */}
      <div key="editor" class="editor">
        <form
          class="stack editor__main"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div class="reader-canvas">
            <div class="article editor-head">
              <label class="visually-hidden" for="title">
                Title
              </label>
              <textarea
                id="title"
                class="title-input"
                rows={1}
                placeholder="Title"
                value={fields.title}
                maxLength={300}
                onInput={(e) => change({ title: e.currentTarget.value.replace(/\n/g, ' ') })}
                required
              />
              <label class="visually-hidden" for="dek">
                Standfirst
              </label>
              <textarea
                id="dek"
                class="dek-input"
                rows={2}
                placeholder="Standfirst"
                value={fields.dek}
                maxLength={1000}
                onInput={(e) => change({ dek: e.currentTarget.value })}
              />
            </div>
          </div>
          <BodyEditor
            handle={body}
            onChange={changed}
            onError={setMessage}
            onPickSuggestion={setPicked}
          />
          <button type="submit">Save</button>
        </form>
        <aside class="editor__side stack" aria-label="Names and publishing">
          <LinkerPanel
            text={names.text}
            linked={names.linked}
            rejected={fields.rejected}
            onAccept={(ref, occurrences) => {
              const v = current();
              const tr = v && linkFirstTr(v.state, occurrences, ref);
              if (v === undefined || tr === undefined) return false;
              v.dispatch(tr);
              return true;
            }}
            onAcceptAll={(list) => {
              const v = current();
              if (v === undefined) return 0;
              const tr = v.state.tr;
              const linked = list.filter(
                (item) => linkFirstTr(v.state, item.occurrences, item.ref, tr) !== undefined,
              ).length;
              if (linked > 0) v.dispatch(tr);
              return linked;
            }}
            onUnlink={(ref) => {
              const v = view();
              if (v !== undefined) v.dispatch(unlinkTr(v.state, ref));
            }}
            onRejected={(rejected) => change({ rejected })}
            onHighlights={(highlights) => {
              const v = view();
              if (v !== undefined) v.dispatch(setHighlightsTr(v.state, highlights));
            }}
            picked={picked}
            onClosePicked={() => setPicked(undefined)}
            onAcceptAt={(ref, at) => {
              const v = view();
              if (v === undefined) return;
              const mention = schema.marks.mention.create({ type: ref.type, id: ref.id });
              v.dispatch(v.state.tr.addMark(at.from, at.to, mention));
            }}
          />
          <FeatureImageCard
            value={{
              image: fields.image,
              caption: fields.imageCaption,
              credit: fields.imageCredit,
            }}
            onChange={(next) => change(next)}
          />
          <TagsInput value={fields.tags} onChange={(tags) => change({ tags })} />
          <SettingsCard
            value={fields.settings}
            article={article}
            title={fields.title}
            dek={fields.dek}
            mayChangeAuthor={MAY.dramas.includes(me.role)}
            onChange={(next) => change({ settings: { ...fieldsNow.current.settings, ...next } })}
          />
          {canPublish ? (
            <PublishingCard
              article={article}
              when={when_}
              onWhen={setWhen}
              onSave={(extra, note) => void save(extra, note)}
              onMessage={setMessage}
            />
          ) : (
            <p class="hint">Contributors write drafts; an editor publishes them.</p>
          )}
          <button type="button" onClick={() => void preview()}>
            Preview
          </button>
          <RevisionsCard
            version={article?.updated_at}
            articleId={saver.id()}
            current={() => ({ title: fields.title, dek: fields.dek, body: blocks() })}
            onRestored={(restored, note) => {
              load(restored);
              setMessage(note);
            }}
            onSaveNamed={(label) => void save({ revision_label: label }, `Kept as “${label}”.`)}
            onError={setMessage}
          />
          <button type="button" class="link" onClick={() => go('/admin/articles')}>
            Back to articles
          </button>
        </aside>
      </div>
    </>
  );
}
