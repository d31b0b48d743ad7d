import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { ApiError, createApiClient, queryOf, type ApiClient } from '../api-client.js';
import type { InboxSummary, SummaryLine } from '../api-types.js';

/** What the widget currently shows, reflected as its `state` attribute (handy for pages and tests). */
export type StatusWidgetState = 'loading' | 'hidden' | 'all-well' | 'problems' | 'error';

/** The API's origin: the `api-base` attribute, else the origin this script was loaded from. */
const scriptOrigin = () => new URL(import.meta.url).origin;

const describe = (line: SummaryLine) =>
  [
    line.failed ? `${line.failed} failed` : '',
    line.unprocessedOverdue ? `${line.unprocessedOverdue} unprocessed over 5 minutes` : '',
    line.missedRecently ? `${line.missedRecently} missed by notifications in 24 h` : '',
    line.disposalFailures ? `${line.disposalFailures} not removed from the Inbox` : '',
  ]
    .filter(Boolean)
    .join(', ') || 'no problem mails';

/**
 * `<ms-inbox-status>`: the seed's status add-on. Lists the inboxes with a problem — failed mails, mails unprocessed
 * for over 5 minutes, Expired, Error or Degraded — with their state; renders nothing when all is well unless
 * `show-all` (every inbox), and nothing for callers who may not see the summary. Attributes: `show-inactive`, `show-all`, `api-base`, `refresh-seconds` (default 60).
 */
export class MsInboxStatus extends LitElement {
  static override properties = {
    showInactive: { type: Boolean, attribute: 'show-inactive' },
    showAll: { type: Boolean, attribute: 'show-all' },
    apiBase: { type: String, attribute: 'api-base' },
    refreshSeconds: { type: Number, attribute: 'refresh-seconds' },
    state: { type: String, reflect: true },
    summary: { state: true },
    problem: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      font:
        14px/1.4 system-ui,
        -apple-system,
        'Segoe UI',
        sans-serif;
      color: #1d2330;
    }
    :host([state='hidden']),
    :host([state='loading']) {
      display: none;
    }
    section {
      border: 1px solid #dde1ea;
      border-left: 4px solid #a12c2c;
      border-radius: 6px;
      padding: 0.6rem 0.9rem;
      background: #fff;
    }
    section.well {
      border-left-color: #2f8a4a;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.4rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 0.2rem 0;
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      align-items: baseline;
    }
    .state {
      font-size: 0.8rem;
      font-weight: 600;
      padding: 0 0.4rem;
      border-radius: 3px;
      background: #dcf3e3;
      color: #135c2c;
    }
    .state.Expired,
    .state.Error {
      background: #fbe0e0;
      color: #8a1c1c;
    }
    .state.Degraded {
      background: #fff1cc;
      color: #6b4b00;
    }
    .state.Inactive {
      background: #eceff4;
      color: #4a5263;
    }
    a {
      color: #1f3b70;
    }
    a:focus-visible {
      outline: 3px solid #f0a500;
    }
  `;

  declare showInactive: boolean;
  declare showAll: boolean;
  declare apiBase: string | null;
  declare refreshSeconds: number;
  declare state: StatusWidgetState;
  declare summary: InboxSummary | null;
  declare problem: string | null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private client: ApiClient | null = null;

  constructor() {
    super();
    this.showInactive = false;
    this.showAll = false;
    this.apiBase = null;
    this.refreshSeconds = 60;
    this.state = 'loading';
    this.summary = null;
    this.problem = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.refresh(), Math.max(10, this.refreshSeconds) * 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) this.client = null;
    if (changed.has('showInactive') || changed.has('showAll') || changed.has('apiBase')) void this.refresh();
  }

  /** Reloads the summary now. */
  async refresh(): Promise<void> {
    this.client ??= createApiClient({ base: this.apiBase ?? scriptOrigin() });
    try {
      this.summary = await this.client.get<InboxSummary>(
        `/api/status/inbox-summary${queryOf({ showInactive: this.showInactive, showAll: this.showAll })}`,
      );
      this.problem = null;
      const visible = this.showAll || this.summary.inboxes.length > 0;
      this.state = !this.summary.allWell ? 'problems' : visible ? 'all-well' : 'hidden';
    } catch (error) {
      // Callers who may not see the summary get nothing at all, as in the seed (groups chosen in Settings).
      const denied = error instanceof ApiError && (error.status === 401 || error.status === 403);
      this.problem = denied ? null : 'The inbox status cannot be loaded right now.';
      this.state = denied ? 'hidden' : 'error';
    }
  }

  protected override render() {
    if (this.state === 'error') {
      return html`<section role="status">
        <h2>Inbox status</h2>
        <p>${this.problem}</p>
      </section>`;
    }
    const summary = this.summary;
    if (!summary || this.state === 'hidden' || this.state === 'loading') return nothing;
    const base = this.apiBase ?? scriptOrigin();
    return html`<section class=${summary.allWell ? 'well' : ''} role="status" aria-live="polite">
      <h2>${summary.allWell ? 'All inboxes are working' : 'Inboxes need attention'}</h2>
      ${summary.inboxes.length === 0 ? html`<p>No inbox is watched yet.</p>` : nothing}
      <ul>
        ${summary.inboxes.map(
          (line) =>
            html`<li>
              <span class="state ${line.state}">${line.state}</span>
              <a href="${base}/admin/#/messages?resource=${encodeURIComponent(line.resourceId)}"
                >${line.email}</a
              >
              <span>${describe(line)}</span>
              ${line.stateReason ? html`<span class="reason">(${line.stateReason})</span>` : nothing}
            </li>`,
        )}
      </ul>
    </section>`;
  }
}

if (!customElements.get('ms-inbox-status')) customElements.define('ms-inbox-status', MsInboxStatus);

declare global {
  interface HTMLElementTagNameMap {
    'ms-inbox-status': MsInboxStatus;
  }
}
