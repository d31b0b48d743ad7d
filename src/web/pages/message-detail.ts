import { LitElement, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { MessageInfo } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

/** One mail: status, error with its stack, attempts, disposal, handler result, timeline, retry and `.eml`. */
export class MessageDetail extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    messageId: { type: String },
    message: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare admin: boolean;
  declare messageId: string;
  declare message: MessageInfo | null;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.admin = false;
    this.message = null;
    this.error = null;
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('messageId')) void this.load();
  }

  /** Reloads the mail (after a retry, the list refreshes it too). */
  async load(): Promise<void> {
    try {
      this.message = await this.api.get<MessageInfo>(`/api/messages/${encodeURIComponent(this.messageId)}`);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async retry() {
    try {
      const result = await this.api.send<{ queued: string[]; refused: Array<{ reason: string }> }>(
        'POST',
        '/api/messages/retry',
        {
          ids: [this.messageId],
        },
      );
      this.notice = result.queued.length
        ? 'Retry queued.'
        : `Not retried: ${result.refused[0]?.reason ?? 'refused'}`;
      this.dispatchEvent(new CustomEvent('retried', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  protected override render() {
    const m = this.message;
    if (this.error) return html`<p class="alert" role="alert">${this.error}</p>`;
    if (!m) return html`<p role="status">Loading…</p>`;
    const canRetry = this.admin && !['processed', 'processing'].includes(m.status);
    return html`<section class="card" aria-labelledby="detail-title">
      <h3 id="detail-title">${m.subject ?? '(no subject)'}</h3>
      <p>
        <span class="badge ${m.status}">${m.status}</span> from ${m.sender ?? 'unknown sender'}, received
        ${formatTime(m.receivedAt)}, ${m.attempts}
        attempt${m.attempts === 1 ? '' : 's'}${m.isProcessed ? ', already processed before (duplicate)' : ''}
      </p>
      ${
        m.error
          ? html`<div class="alert"><strong>${m.error.code ?? 'Error'}</strong>: ${m.error.message}</div>
              ${
                m.error.stack
                  ? html`<details>
                      <summary>Stack trace</summary>
                      <pre>${m.error.stack}</pre>
                    </details>`
                  : nothing
              }`
          : nothing
      }
      <p class="muted">
        Disposal: ${m.disposal.status ?? 'not yet'}${m.disposal.error ? ` (${m.disposal.error})` : ''}.
        Source: ${m.source}.
      </p>
      ${
        m.handlerResult
          ? html`<details>
              <summary>Handler result</summary>
              <pre>${JSON.stringify(m.handlerResult, null, 2)}</pre>
            </details>`
          : nothing
      }
      <h3>Timeline</h3>
      <ol>
        ${(m.timeline ?? []).map((t) => html`<li><time datetime=${t.at}>${formatTime(t.at)}</time> — ${t.kind}${t.detail ? `: ${t.detail}` : ''}</li>`)}
      </ol>
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      <div class="row">
        ${canRetry ? html`<button class="primary" @click=${this.retry}>Retry this mail</button>` : nothing}
        <a class="button" href="/api/messages/${encodeURIComponent(m.id)}/raw" download>Download .eml</a>
        <button
          @click=${() => this.dispatchEvent(new CustomEvent('closed', { bubbles: true, composed: true }))}
        >
          Close
        </button>
      </div>
    </section>`;
  }
}

customElements.define('msi-message-detail', MessageDetail);
