import { LitElement, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { AlertEpisodeView, AlertRuleView } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

const conditions: Array<{ value: string; label: string; unit?: string }> = [
  { value: 'inbox-state', label: 'An inbox turns Expired or Degraded' },
  { value: 'mail-failed', label: 'A mail turns Failed' },
  { value: 'unprocessed-overdue', label: 'Mail unprocessed for longer than', unit: 'minutes' },
  { value: 'credential-expiry', label: 'A secret or certificate has fewer days left than', unit: 'days' },
  { value: 'renewal-failures', label: 'Subscription renewal failed at least', unit: 'times in a row' },
];

const channelsOf = (rule: AlertRuleView) =>
  [
    rule.mail ? `mail to ${rule.mail.to.join(', ')} (${rule.mail.transport})` : null,
    rule.webhookUrl ? `webhook ${rule.webhookUrl}` : null,
  ]
    .filter(Boolean)
    .join('; ');

/** Alerts: the rules (admins add and delete them) and the episodes they opened, open ones first. */
export class AlertsPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    rules: { state: true },
    episodes: { state: true },
    error: { state: true },
  };
  static override styles = [baseStyles];

  declare api: ApiClient;
  declare admin: boolean;
  declare rules: AlertRuleView[] | null;
  declare episodes: AlertEpisodeView[];
  declare error: string | null;

  constructor() {
    super();
    this.admin = false;
    this.rules = null;
    this.episodes = [];
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.rules = await this.api.get<AlertRuleView[]>('/api/alerts/rules');
      this.episodes = (
        await this.api.get<{ items: AlertEpisodeView[] }>('/api/alerts/episodes?limit=50')
      ).items;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async add(event: Event) {
    event.preventDefault();
    // Kept before the first await: a shadow-DOM event's target is null once its dispatch is over.
    const element = event.target as HTMLFormElement;
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const condition = text('condition');
    const to = text('to')
      .split(/[,\s]+/)
      .filter(Boolean);
    const body = {
      name: text('name'),
      condition,
      ...(text('threshold') ? { threshold: Number(text('threshold')) } : {}),
      mail: to.length > 0 ? { transport: 'graph', clientName: text('client'), from: text('from'), to } : null,
      webhookUrl: text('webhook') || null,
    };
    this.error = null;
    try {
      await this.api.send('POST', '/api/alerts/rules', body);
      element.reset();
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async deleteRule(rule: AlertRuleView) {
    this.error = null;
    try {
      await this.api.send('DELETE', `/api/alerts/rules/${rule.id}`);
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private renderForm() {
    return html`<form aria-label="New alert rule" @submit=${(e: Event) => this.add(e)}>
      <h3>New rule</h3>
      <label>Name <input name="name" required /></label>
      <label
        >When
        <select name="condition">
          ${conditions.map((c) => html`<option value=${c.value}>${c.label}${c.unit ? ` N ${c.unit}` : ''}</option>`)}
        </select></label
      >
      <label>N <input name="threshold" type="number" min="1" /></label>
      <label>Mail from client <input name="client" placeholder="client name" /></label>
      <label>From mailbox <input name="from" type="email" /></label>
      <label>To <input name="to" placeholder="addresses, comma separated" /></label>
      <label>Webhook URL <input name="webhook" type="url" placeholder="https://…" /></label>
      <button type="submit">Add rule</button>
    </form>`;
  }

  protected override render() {
    const rules = this.rules;
    const nameOf = (id: string) => rules?.find((r) => r.id === id)?.name ?? id;
    return html`<h2>Alerts</h2>
      <p class="note">
        One mail and one signed webhook when a condition starts, one more when it clears. See docs/alerts.md.
      </p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        rules === null
          ? html`<p role="status">Loading…</p>`
          : html`<table aria-label="Alert rules">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Channels</th>
                  ${this.admin ? html`<th scope="col"><span class="muted">Actions</span></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${rules.map(
                  (r) =>
                    html`<tr>
                      <td>${r.name}${r.enabled ? '' : html` <span class="muted">(off)</span>`}</td>
                      <td><code>${r.condition}</code>${r.threshold === null ? '' : ` ${r.threshold}`}</td>
                      <td>${channelsOf(r)}</td>
                      ${
                        this.admin
                          ? html`<td>
                              <button @click=${() => this.deleteRule(r)} aria-label="Delete ${r.name}">
                                Delete
                              </button>
                            </td>`
                          : nothing
                      }
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.admin ? this.renderForm() : nothing}
      <h3>Episodes</h3>
      ${
        this.episodes.length === 0
          ? html`<p class="note">No alerts yet.</p>`
          : html`<table aria-label="Alert episodes">
              <thead>
                <tr>
                  <th scope="col">Opened</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Alert</th>
                  <th scope="col">Resolved</th>
                </tr>
              </thead>
              <tbody>
                ${this.episodes.map(
                  (e) =>
                    html`<tr>
                      <td>${formatTime(e.openedAt)}</td>
                      <td>${nameOf(e.ruleId)}</td>
                      <td>${e.title}<br /><span class="muted">${e.detail}</span></td>
                      <td>
                        ${
                          e.resolvedAt
                            ? formatTime(e.resolvedAt)
                            : html`<span class="badge failed">open</span>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`;
  }
}

customElements.define('msi-alerts-page', AlertsPage);
