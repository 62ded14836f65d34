import type { MarkType, NodeType } from 'prosemirror-model';
import { linkerHighlights, type PickedHighlight } from './linker-highlights.js';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf } from '../api.js';
import { Library } from '../media-picker.js';
import type { Block } from '../types.js';
import { Field } from '../ui.js';
import { AirTimePicker } from './airtime-picker.js';
import {
  isBlockActive,
  isMarkActive,
  plugins,
  redo,
  setLink,
  toggleBlock,
  toggleList,
  toggleMark,
  undo,
} from './commands.js';
import { blocksToDoc, blocksToFragment, docToBlocks } from './convert.js';
import { addVideo, imageNode, transferHandlers, uploadImage } from './insert.js';
import { linkTarget } from './link-target.js';
import { nodeViews } from './node-views.js';
import { pendingCount } from './placeholders.js';
import { schema } from './schema.js';

/*
 * The article body, edited in place on ProseMirror: one EditorState holds the document, and every
 * change (typing, the toolbar, an upload that comes back, the linker) is a transaction on it.
 * The screen reads the blocks from it when it saves (docToBlocks), never from a copy.
 */

export interface BodyEditorHandle {
  view: EditorView;
  /** The body as the API takes it, from the current state. */
  blocks(): Block[];
  /** Starts afresh with a stored body (no undo back to before). */
  load(blocks: readonly Block[]): void;
  /** Replaces the body as one change that undo takes back (restoring a revision). */
  replace(blocks: readonly Block[]): void;
  /** Uploads, lookups and pastes still on their way. */
  pending(): number;
}

type Panel = 'link' | 'video' | 'library' | 'airtime' | undefined;

interface Props {
  handle: { current: BodyEditorHandle | undefined };
  onChange: () => void;
  onError: (message: string) => void;
  /** An underlined linker suggestion was clicked. */
  onPickSuggestion: (picked: PickedHighlight) => void;
}

async function describeEpisode(id: number) {
  try {
    const r = await api<{
      episode: { number: number; air_instant: string; show?: { title: string } };
    }>('GET', `/episodes/${id}`);
    return r.episode;
  } catch {
    return undefined;
  }
}

export function BodyEditor({ handle, onChange, onError, onPickSuggestion }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | undefined>(undefined);
  const [, setTick] = useState(0);
  const [panel, setPanel] = useState<Panel>();
  const [href, setHref] = useState('');
  const [linkProblem, setLinkProblem] = useState<string>();
  const [videoUrl, setVideoUrl] = useState('');
  const callbacks = useRef({
    onChange,
    onError,
    onPickSuggestion,
    openLink: () => {},
  });
  callbacks.current = {
    onChange,
    onError,
    onPickSuggestion,
    openLink: () => {
      const view = viewRef.current;
      const link =
        view && view.state.selection.$from.marks().find((m) => m.type === schema.marks.link);
      setHref((link?.attrs.href as string | undefined) ?? '');
      setLinkProblem(undefined);
      setPanel('link');
    },
  };

  useEffect(() => {
    if (mount.current === null) return;
    const report = (error: unknown) => callbacks.current.onError(messageOf(error));
    const state = () =>
      EditorState.create({
        doc: blocksToDoc([]),
        plugins: [
          ...plugins(() => callbacks.current.openLink()),
          linkerHighlights((picked) => callbacks.current.onPickSuggestion(picked)),
        ],
      });
    const view = new EditorView(mount.current, {
      state: state(),
      nodeViews: nodeViews(describeEpisode),
      attributes: {
        class: 'prose editor-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Article text',
        id: 'body',
        spellcheck: 'true',
      },
      ...transferHandlers(report),
      dispatchTransaction(tr) {
        view.updateState(view.state.apply(tr));
        if (tr.docChanged) callbacks.current.onChange();
        setTick((n) => n + 1);
      },
    });
    viewRef.current = view;
    handle.current = {
      view,
      blocks: () => docToBlocks(view.state.doc),
      load(blocks) {
        view.updateState(
          EditorState.create({ doc: blocksToDoc(blocks), plugins: view.state.plugins }),
        );
        setTick((n) => n + 1);
      },
      replace(blocks) {
        const { doc } = view.state;
        const content = blocksToFragment(blocks);
        const tr = view.state.tr.replaceWith(
          0,
          doc.content.size,
          content.childCount > 0 ? content : schema.nodes.paragraph.create(),
        );
        view.dispatch(tr);
      },
      pending: () => pendingCount(view.state),
    };
    return () => {
      handle.current = undefined;
      view.destroy();
    };
  }, []);

  const view = viewRef.current;
  const run = (command: Command) => {
    if (view === undefined) return;
    command(view.state, view.dispatch);
    view.focus();
  };
  const close = () => {
    setPanel(undefined);
    view?.focus();
  };
  const markButton = (label: string, type: MarkType, keys: string) => (
    <button
      type="button"
      aria-pressed={view !== undefined && isMarkActive(view.state, type)}
      title={`${label} (${keys})`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => run(toggleMark(type))}
    >
      {label}
    </button>
  );
  const blockButton = (label: string, type: NodeType, attrs: Record<string, unknown> = {}) => (
    <button
      type="button"
      aria-pressed={view !== undefined && isBlockActive(view.state, type, attrs)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => run(toggleBlock(type, attrs))}
    >
      {label}
    </button>
  );
  const plain = (label: string, onClick: () => void, extra: Record<string, string> = {}) => (
    <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onClick} {...extra}>
      {label}
    </button>
  );

  return (
    <div class="body-editor">
      <div class="editor-toolbar" role="toolbar" aria-label="Format the text">
        {markButton('Bold', schema.marks.bold, 'Ctrl+B')}
        {markButton('Italic', schema.marks.italic, 'Ctrl+I')}
        {plain('Link', () => callbacks.current.openLink(), { title: 'Link (Ctrl+K)' })}
        {blockButton('Heading', schema.nodes.heading, { level: 2 })}
        {blockButton('Subheading', schema.nodes.heading, { level: 3 })}
        {blockButton('Quote', schema.nodes.quote)}
        {plain('Bulleted list', () => run(toggleList(schema.nodes.bullet_list)))}
        {plain('Numbered list', () => run(toggleList(schema.nodes.ordered_list)))}
        <label class="button-like" for="editor-image-file">
          Upload image
        </label>
        <input
          id="editor-image-file"
          class="visually-hidden"
          type="file"
          accept="image/*"
          multiple
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (view === undefined) return;
            for (const file of files)
              uploadImage(view, file).catch((err: unknown) => onError(messageOf(err)));
          }}
        />
        {plain('Image from library', () => setPanel(panel === 'library' ? undefined : 'library'))}
        {plain('Video', () => setPanel(panel === 'video' ? undefined : 'video'))}
        {plain('Air time', () => setPanel(panel === 'airtime' ? undefined : 'airtime'))}
        {plain('Undo', () => run(undo), { title: 'Undo (Ctrl+Z)' })}
        {plain('Redo', () => run(redo), { title: 'Redo (Ctrl+Shift+Z)' })}
      </div>
      {panel === 'link' && (
        <form
          class="editor-panel card"
          onSubmit={(e) => {
            e.preventDefault();
            const target = linkTarget(href);
            if ('problem' in target) {
              setLinkProblem(target.problem);
              return;
            }
            run(setLink(target.href));
            setPanel(undefined);
          }}
        >
          <Field label="Link address" id="editor-link-href">
            <input
              id="editor-link-href"
              type="text"
              inputMode="url"
              autoComplete="url"
              spellcheck={false}
              value={href}
              ref={(el) => el?.focus()}
              onInput={(e) => (setHref(e.currentTarget.value), setLinkProblem(undefined))}
              {...(linkProblem !== undefined && {
                'aria-invalid': true,
                'aria-describedby': 'editor-link-href-error',
              })}
            />
            {linkProblem !== undefined && (
              <p class="field__error" id="editor-link-href-error" role="alert">
                {linkProblem}
              </p>
            )}
          </Field>
          <button type="submit">Apply link</button>
          <button
            type="button"
            class="small"
            onClick={() => (run(setLink('')), setPanel(undefined))}
          >
            Remove link
          </button>
          <button type="button" class="small" onClick={close}>
            Cancel
          </button>
        </form>
      )}
      {panel === 'video' && (
        <form
          class="editor-panel card"
          onSubmit={(e) => {
            e.preventDefault();
            if (view !== undefined)
              addVideo(view, videoUrl.trim()).catch((err: unknown) => onError(messageOf(err)));
            setVideoUrl('');
            close();
          }}
        >
          <Field
            label="Video URL (YouTube, Vimeo, Naver TV, Dailymotion, TikTok)"
            id="editor-video-url"
          >
            <input
              id="editor-video-url"
              type="url"
              value={videoUrl}
              onInput={(e) => setVideoUrl(e.currentTarget.value)}
            />
          </Field>
          <button type="submit">Add video</button>
          <button type="button" class="small" onClick={close}>
            Cancel
          </button>
        </form>
      )}
      {panel === 'library' && (
        <div class="editor-panel card">
          <Library
            id="editor-library"
            onPick={(item) => {
              if (view !== undefined)
                run((state, dispatch) => {
                  dispatch?.(state.tr.replaceSelectionWith(imageNode(item)).scrollIntoView());
                  return true;
                });
              setPanel(undefined);
            }}
          />
        </div>
      )}
      {panel === 'airtime' && (
        <AirTimePicker
          onClose={close}
          onPick={(episodeId) => {
            run((state, dispatch) => {
              dispatch?.(
                state.tr
                  .replaceSelectionWith(schema.nodes.airtime.create({ episodeId }))
                  .scrollIntoView(),
              );
              return true;
            });
            setPanel(undefined);
          }}
        />
      )}
      <div ref={mount} class="reader-canvas" />
    </div>
  );
}
