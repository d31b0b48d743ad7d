import { LitElement, css, html, nothing } from 'lit';
import { ApiError, createApiClient, type ApiClient } from '../api-client.js';
import type { SessionInfo } from '../api-types.js';
import { readRoute } from '../format.js';
import { baseStyles } from '../styles.js';

const pages: Array<{ page: string; label: string; adminOnly?: boolean }> = [
  { page: 'start', label: 'Start' },
  { page: 'clients', label: 'Clients' },
  { page: 'resources', label: 'Resources' },
  { page: 'messages', label: 'Messages' },
  { page: 'recovery', label: 'Recovery' },
  { page: 'helpdesk', label: 'Helpdesk' },
  { page: 'reference-data', label: 'Reference data' },
  { page: 'alerts', label: 'Alerts' },
  { page: 'access', label: 'Users and groups', adminOnly: true },
  { page: 'audit', label: 'Audit log', adminOnly: true },
];

/** `<ms-inbox-app>`: signs in, then shows the navigation and the page the URL's hash names. */
export class AppShell extends LitElement {
  static override properties = {
    session: { state: true },
    loading: { state: true },
    route: { state: true },
  };

  static override styles = [
    baseStyles,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: center;
        padding: 0.6rem 1.25rem;
        background: #1f2f52;
        color: #fff;
      }
      header h1 {
        font-size: 1.1rem;
        margin: 0 1rem 0 0;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        color: #dfe7f7;
        padding: 0.3rem 0.6rem;
        border-radius: 4px;
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: #fff;
        color: #1f2f52;
        font-weight: 600;
      }
      .who {
        margin-left: auto;
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
      main {
        padding: 1.25rem;
        max-width: 75rem;
      }
      .skip {
        position: absolute;
        left: -999px;
      }
      .skip:focus {
        left: 0.5rem;
        top: 0.5rem;
        background: #fff;
        padding: 0.3rem;
        z-index: 1;
      }
    `,
  ];

  declare session: SessionInfo | null;
  declare loading: boolean;
  declare route: { page: string; params: URLSearchParams };
  readonly api: ApiClient;
  private readonly onHashChange = () => {
    this.route = readRoute(location.hash);
  };

  constructor() {
    super();
    this.session = null;
    this.loading = true;
    this.route = readRoute(location.hash);
    this.api = createApiClient({
      onUnauthorized: () => {
        this.session = null;
        this.api.setCsrfToken(null);
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHashChange);
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHashChange);
  }

  private async loadSession() {
    try {
      this.signedIn(await this.api.get<SessionInfo>('/api/auth/session'));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) console.error(error);
    } finally {
      this.loading = false;
    }
  }

  private signedIn(session: SessionInfo) {
    this.api.setCsrfToken(session.csrfToken);
    this.session = session;
  }

  private async signOut() {
    await this.api.send('POST', '/api/auth/logout').catch(() => undefined);
    this.api.setCsrfToken(null);
    this.session = null;
  }

  private renderPage(session: SessionInfo) {
    const { page, params } = this.route;
    const api = this.api;
    const admin = session.user.role === 'admin';
    switch (page) {
      case 'clients':
        return html`<msi-clients-page .api=${api} .admin=${admin}></msi-clients-page>`;
      case 'resources':
        return html`<msi-resources-page
          .api=${api}
          .admin=${admin}
          .client=${params.get('client')}
        ></msi-resources-page>`;
      case 'messages':
        return html`<msi-messages-page .api=${api} .admin=${admin} .params=${params}></msi-messages-page>`;
      case 'recovery':
        return html`<msi-recovery-page
          .api=${api}
          .admin=${admin}
          .resource=${params.get('resource')}
        ></msi-recovery-page>`;
      case 'helpdesk':
        return html`<msi-helpdesk-page
          .api=${api}
          .ticketId=${params.get('ticket')}
          ?canWork=${session.user.role !== 'viewer'}
        ></msi-helpdesk-page>`;
      case 'reference-data':
        return html`<msi-reference-data-page .api=${api} .admin=${admin}></msi-reference-data-page>`;
      case 'alerts':
        return html`<msi-alerts-page .api=${api} .admin=${admin}></msi-alerts-page>`;
      case 'access':
        return admin
          ? html`<msi-access-page .api=${api}></msi-access-page>`
          : html`<p class="alert" role="alert">Only admins manage users and groups.</p>`;
      case 'audit':
        return admin
          ? html`<msi-audit-page .api=${api}></msi-audit-page>`
          : html`<p class="alert" role="alert">Only admins read the audit log.</p>`;
      default:
        return html`<msi-start-page .session=${session}></msi-start-page>`;
    }
  }

  protected override render() {
    if (this.loading) return html`<main><p role="status">Loading…</p></main>`;
    const session = this.session;
    if (!session)
      return html`<msi-login-page
        .api=${this.api}
        @signed-in=${(e: CustomEvent<SessionInfo>) => this.signedIn(e.detail)}
      ></msi-login-page>`;
    const admin = session.user.role === 'admin';
    return html`<a class="skip" href="#main" @click=${(e: Event) => this.skipToMain(e)}>Skip to content</a>
      <header>
        <h1>ms-inbox</h1>
        <nav aria-label="Main">
          <ul>
            ${pages
              .filter((p) => admin || !p.adminOnly)
              .map(
                (p) =>
                  html`<li>
                    <a href="#/${p.page}" aria-current=${this.route.page === p.page ? 'page' : nothing}
                      >${p.label}</a
                    >
                  </li>`,
              )}
          </ul>
        </nav>
        <div class="who">
          <span>${session.user.displayName ?? session.user.name} (${session.user.role})</span>
          <button @click=${() => this.signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabindex="-1">${this.renderPage(session)}</main>`;
  }

  private skipToMain(event: Event) {
    // Hash links drive the router, so the skip link moves focus itself.
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }
}

customElements.define('ms-inbox-app', AppShell);
