import { LitElement, html } from 'lit';
import type { SessionInfo } from '../api-types.js';
import { baseStyles } from '../styles.js';
import '../widget/ms-inbox-status.js';

/** The start page: the status card (the `<ms-inbox-status>` widget) and where to go next. */
export class StartPage extends LitElement {
  static override properties = { session: { attribute: false } };
  static override styles = baseStyles;
  declare session: SessionInfo;

  protected override render() {
    return html`<h2>Start</h2>
      ${
        this.session.canSeeStatus
          ? html`<ms-inbox-status show-all show-inactive></ms-inbox-status>`
          : html`<p class="note">
              The inbox status is shown to admins and to the groups chosen under Users and groups.
            </p>`
      }
      <p class="muted">
        Clients and their Validate checks are under <a href="#/clients">Clients</a>; watched mailboxes under
        <a href="#/resources">Resources</a>; problem mails under
        <a href="#/messages?status=failed">Messages</a>.
      </p>`;
  }
}

customElements.define('msi-start-page', StartPage);
