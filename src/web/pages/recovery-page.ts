import { LitElement, html, nothing } from 'lit';
import { queryOf, type ApiClient } from '../api-client.js';
import type { RecoveryTask, ResourceInfo } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

const dayAgoLocal = () => {
  const d = new Date(Date.now() - 86_400_000 - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** The seed's recovery panel: 24-hour counts, the date dialog, and tasks with their progress. */
export class RecoveryPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    resource: { type: String },
    resources: { state: true },
    counts: { state: true },
    tasks: { state: true },
    type: { state: true },
    error: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare admin: boolean;
  declare resource: string | null;
  declare resources: ResourceInfo[];
  declare counts: { failed: number; unprocessed: number } | null;
  declare tasks: RecoveryTask[];
  declare type: 'failed' | 'unprocessed';
  declare error: string | null;
  private poll: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.admin = false;
    this.resource = null;
    this.resources = [];
    this.counts = null;
    this.tasks = [];
    this.type = 'failed';
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.poll) clearTimeout(this.poll);
  }

  private async load() {
    if (this.poll) clearTimeout(this.poll);
    try {
      this.resources = await this.api.get<ResourceInfo[]>('/api/resources');
      this.resource ??= this.resources.find((r) => r.recoveryTarget)?.id ?? this.resources[0]?.id ?? null;
      const answer = await this.api.get<{
        last24Hours: { failed: number; unprocessed: number };
        tasks: RecoveryTask[];
      }>(`/api/recovery${queryOf({ resource: this.resource })}`);
      this.counts = answer.last24Hours;
      this.tasks = answer.tasks;
      // Follow running tasks until they finish.
      if (this.tasks.some((t) => t.status === 'queued' || t.status === 'running')) {
        this.poll = setTimeout(() => void this.load(), 1000);
      }
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private open(type: 'failed' | 'unprocessed') {
    this.type = type;
    this.error = null;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private async start(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const since = new Date(String(data.get('since'))).toISOString();
    try {
      await this.api.send('POST', '/api/recovery', { type: this.type, since, resourceId: this.resource });
      this.renderRoot.querySelector('dialog')?.close();
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private email(id: string | null) {
    return id ? (this.resources.find((r) => r.id === id)?.email ?? id) : 'all resources';
  }

  protected override render() {
    const resource = this.resources.find((r) => r.id === this.resource);
    return html`<h2>Recovery</h2>
      <div class="row">
        <div>
          <label for="resource">Resource</label>
          <select
            id="resource"
            @change=${(e: Event) => {
              this.resource = (e.target as HTMLSelectElement).value;
              void this.load();
            }}
          >
            ${this.resources.map((r) => html`<option value=${r.id} ?selected=${r.id === this.resource}>${r.email}</option>`)}
          </select>
        </div>
      </div>
      ${resource && !resource.recoveryTarget ? html`<p class="note">${resource.email} has no recovery target: set one under Resources first.</p>` : nothing}
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <section class="card" aria-label="Last 24 hours">
        <h3>Last 24 hours</h3>
        <p>
          <span class="badge failed"
            >Failed: <span data-count="failed">${this.counts?.failed ?? '…'}</span></span
          >
          <span class="badge unprocessed"
            >Unprocessed: <span data-count="unprocessed">${this.counts?.unprocessed ?? '…'}</span></span
          >
        </p>
        ${
          this.admin
            ? html`<div class="row">
                <button @click=${() => this.open('failed')} ?disabled=${!resource?.recoveryTarget}>
                  Recover failed…
                </button>
                <button @click=${() => this.open('unprocessed')} ?disabled=${!resource?.recoveryTarget}>
                  Recover unprocessed…
                </button>
              </div>`
            : nothing
        }
      </section>
      <dialog aria-labelledby="dialog-title">
        <form @submit=${this.start}>
          <h3 id="dialog-title">Recover ${this.type} mails of ${this.email(this.resource)}</h3>
          <label for="since">Recover mails received since</label>
          <input id="since" name="since" type="datetime-local" required .value=${dayAgoLocal()} />
          ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
          <div class="row">
            <button class="primary" type="submit">Start recovery</button>
            <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
      <h3>Tasks</h3>
      ${
        this.tasks.length === 0
          ? html`<p class="muted">No recovery task yet.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Type</th>
                  <th scope="col">Since</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                </tr>
              </thead>
              <tbody>
                ${this.tasks.map(
                  (t) =>
                    html`<tr>
                      <td>${formatTime(t.createdAt)}</td>
                      <td>${t.type}</td>
                      <td>${formatTime(t.since)}</td>
                      <td>
                        <span class="badge ${t.status}">${t.status}</span
                        >${t.error ? html`<br /><span class="muted">${t.error}</span>` : nothing}
                      </td>
                      <td>
                        <progress
                          max=${Math.max(t.total, 1)}
                          .value=${t.done + t.failed}
                          aria-label="Progress of the ${t.type} recovery"
                        ></progress>
                        ${t.done + t.failed} / ${t.total}${t.failed ? `, ${t.failed} failed` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`;
  }
}

customElements.define('msi-recovery-page', RecoveryPage);
