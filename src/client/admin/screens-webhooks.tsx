import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { Field, field, Notice, when } from './ui.js';

/*
 * Webhooks: create one (address, events; its signing secret is shown once), change its events,
 * pause it, new secret, a test ping, and its deliveries with each attempt's status and response,
 * any of which can be sent again.
 */

const EVENTS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.deleted',
  'comment.created',
  'comment.approved',
  'episode.changed',
] as const;

interface Webhook {
  id: number;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  last_delivery_at: string | null;
  last_status: string | null;
  secret?: string;
}

interface Delivery {
  id: number;
  event: string;
  status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  attempt_count: number;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  attempts: {
    attempt: number;
    started_at: string;
    duration_ms: number | null;
    status_code: number | null;
    error: string | null;
    response_excerpt: string | null;
  }[];
}

type Message = { text: string; kind: 'info' | 'error' };

export function WebhooksScreen() {
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [open, setOpen] = useState<number | undefined>(undefined);
  const [secret, setSecret] = useState<{ id: number; value: string } | undefined>(undefined);
  const [message, setMessage] = useState<Message>({ text: '', kind: 'info' });
  const [tick, setTick] = useState(0);
  const fail = (e: unknown) => setMessage({ text: messageOf(e), kind: 'error' });

  useEffect(() => {
    api<{ webhooks: Webhook[] }>('GET', '/webhooks?limit=100')
      .then((d) => setHooks(d.webhooks))
      .catch(fail);
  }, [tick]);

  return (
    <>
      <h1 tabIndex={-1}>Webhooks</h1>
      <Notice text={message.text} kind={message.kind} />
      {secret !== undefined && (
        <div class="card" role="status">
          <p>
            The signing secret of webhook {secret.id}, shown only now: verify each delivery’s{' '}
            <code>deho-signature</code> header with it.
          </p>
          <code class="secret" data-testid="webhook-secret">
            {secret.value}
          </code>
        </div>
      )}
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const events = EVENTS.filter((name) => form.get(`event-${name}`) !== null);
          api<{ webhook: Webhook }>('POST', '/webhooks', {
            webhook: {
              url: field(form, 'url'),
              ...(field(form, 'name') !== '' && { name: field(form, 'name') }),
              events,
            },
          })
            .then((d) => {
              setSecret({ id: d.webhook.id, value: d.webhook.secret ?? '' });
              setMessage({ text: `Webhook “${d.webhook.name}” created.`, kind: 'info' });
              (event.target as HTMLFormElement).reset();
              setTick((t) => t + 1);
            })
            .catch(fail);
        }}
      >
        <h2>New webhook</h2>
        <Field label="Address (URL)" id="hook-url">
          <input id="hook-url" name="url" type="url" required maxLength={2000} />
        </Field>
        <Field label="Name (optional)" id="hook-name">
          <input id="hook-name" name="name" maxLength={100} />
        </Field>
        <EventBoxes prefix="new" chosen={['article.published']} />
        <button type="submit">Create webhook</button>
      </form>
      {hooks.length === 0 && <p>No webhooks yet.</p>}
      <ul class="queue">
        {hooks.map((hook) => (
          <li key={hook.id} class="queue__item">
            <h2 class="queue__who">{hook.name}</h2>
            <p>
              <code>{hook.url}</code> · {hook.active ? 'active' : 'paused'} · last delivery{' '}
              {when(hook.last_delivery_at)} {hook.last_status !== null && `(${hook.last_status})`}
            </p>
            <p>Events: {hook.events.join(', ')}</p>
            <div class="queue__actions">
              <button
                type="button"
                aria-expanded={open === hook.id}
                onClick={() => setOpen(open === hook.id ? undefined : hook.id)}
              >
                {open === hook.id ? 'Hide' : 'Show'} deliveries and settings
              </button>
              <button
                type="button"
                onClick={() =>
                  void api('POST', `/webhooks/${hook.id}/ping`)
                    .then(() => {
                      setMessage({
                        text: `A test ping to “${hook.name}” is queued.`,
                        kind: 'info',
                      });
                      setOpen(hook.id);
                      setTick((t) => t + 1);
                    })
                    .catch(fail)
                }
              >
                Send a test ping
              </button>
            </div>
            {open === hook.id && (
              <WebhookDetail
                hook={hook}
                tick={tick}
                onMessage={setMessage}
                onSecret={(value) => setSecret({ id: hook.id, value })}
                onChanged={() => setTick((t) => t + 1)}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function EventBoxes({ prefix, chosen }: { prefix: string; chosen: readonly string[] }) {
  return (
    <fieldset>
      <legend>Events to send</legend>
      {EVENTS.map((name) => (
        <label key={name} class="check">
          <input
            type="checkbox"
            name={`event-${name}`}
            id={`${prefix}-${name}`}
            defaultChecked={chosen.includes(name)}
          />{' '}
          {name}
        </label>
      ))}
    </fieldset>
  );
}

function WebhookDetail(props: {
  hook: Webhook;
  tick: number;
  onMessage: (message: Message) => void;
  onSecret: (value: string) => void;
  onChanged: () => void;
}) {
  const { hook } = props;
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [refresh, setRefresh] = useState(0);
  const fail = (e: unknown) => props.onMessage({ text: messageOf(e), kind: 'error' });
  useEffect(() => {
    api<{ webhook_deliveries: Delivery[] }>('GET', `/webhooks/${hook.id}/deliveries?limit=20`)
      .then((d) => setDeliveries(d.webhook_deliveries))
      .catch(fail);
  }, [hook.id, props.tick, refresh]);

  return (
    <div class="webhook-detail">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          api('PATCH', `/webhooks/${hook.id}`, {
            webhook: {
              events: EVENTS.filter((name) => form.get(`event-${name}`) !== null),
              active: form.get('active') !== null,
            },
          })
            .then(() => {
              props.onMessage({ text: `Saved “${hook.name}”.`, kind: 'info' });
              props.onChanged();
            })
            .catch(fail);
        }}
      >
        <EventBoxes prefix={`hook-${hook.id}`} chosen={hook.events} />
        <label class="check">
          <input type="checkbox" name="active" defaultChecked={hook.active} /> Active
        </label>{' '}
        <button type="submit">Save events</button>{' '}
        <button
          type="button"
          onClick={() =>
            void api<{ webhook: Webhook }>('POST', `/webhooks/${hook.id}/rotate-secret`)
              .then((d) => props.onSecret(d.webhook.secret ?? ''))
              .catch(fail)
          }
        >
          New signing secret
        </button>{' '}
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (!confirm(`Delete the webhook “${hook.name}” and its deliveries?`)) return;
            api('DELETE', `/webhooks/${hook.id}`)
              .then(() => {
                props.onMessage({ text: `Deleted “${hook.name}”.`, kind: 'info' });
                props.onChanged();
              })
              .catch(fail);
          }}
        >
          Delete webhook
        </button>
      </form>
      <h3>
        Deliveries{' '}
        <button type="button" class="link" onClick={() => setRefresh((r) => r + 1)}>
          Refresh
        </button>
      </h3>
      {deliveries.length === 0 && <p>No deliveries yet.</p>}
      <table class="list">
        <caption class="visually-hidden">Deliveries of {hook.name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts and responses</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-delivery-id={d.id}>
              <td>
                {d.event}
                <br />
                <span class="hint">{when(d.created_at)}</span>
              </td>
              <td>
                <span class={`badge badge--${d.status}`} data-testid="delivery-status">
                  {d.status}
                </span>
              </td>
              <td>
                <ol class="attempts">
                  {d.attempts.map((a) => (
                    <li key={a.attempt}>
                      {when(a.started_at)}:{' '}
                      {a.status_code !== null ? `HTTP ${a.status_code}` : (a.error ?? 'no answer')}
                      {a.duration_ms !== null && ` in ${a.duration_ms} ms`}
                      {a.response_excerpt !== null && a.response_excerpt !== '' && (
                        <code class="secret">{a.response_excerpt}</code>
                      )}
                    </li>
                  ))}
                </ol>
              </td>
              <td>
                {(d.status === 'succeeded' || d.status === 'failed') && (
                  <button
                    type="button"
                    onClick={() =>
                      void api('POST', `/webhooks/${hook.id}/deliveries/${d.id}/redeliver`)
                        .then(() => {
                          props.onMessage({
                            text: `Delivery ${d.id} (${d.event}) is queued again.`,
                            kind: 'info',
                          });
                          setRefresh((r) => r + 1);
                        })
                        .catch(fail)
                    }
                  >
                    Redeliver {d.event}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
