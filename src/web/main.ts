// The admin UI's entry: every page registers its element; the shell picks one by the URL's hash.
import './pages/access-page.js';
import './pages/alerts-page.js';
import './pages/app-shell.js';
import './pages/audit-page.js';
import './pages/clients-page.js';
import './pages/helpdesk-page.js';
import './pages/login-page.js';
import './pages/messages-page.js';
import './pages/recovery-page.js';
import './pages/reference-data-page.js';
import './pages/resources-page.js';
import './pages/start-page.js';
import './app.css';
